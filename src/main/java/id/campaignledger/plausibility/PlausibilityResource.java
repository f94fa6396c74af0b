package id.campaignledger.plausibility;

import id.campaignledger.common.LedgerException;
import id.campaignledger.common.QueryParams;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Role;
import id.campaignledger.plausibility.PlausibilityRecords.Plausibility;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/campaigns/{code}/plausibility")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(value = { Role.ADMIN, Role.PARTNER, Role.VIEWER }, publicDashboard = true)
public class PlausibilityResource {

    @Inject
    PlausibilityService plausibility;

    @GET
    public Plausibility get(@PathParam("code") String code, @QueryParam("year") String year,
            @QueryParam("limit") String limit) {
        return plausibility.report(code, year(year), QueryParams.limit(limit, 50, 500));
    }

    private static Integer year(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.matches("^[12][0-9]{3}$")) {
            throw LedgerException.invalid("year", "must be a calendar year such as 2023");
        }
        return Integer.parseInt(value);
    }
}
