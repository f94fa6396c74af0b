package id.campaignledger.progress;

import id.campaignledger.common.QueryParams;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Role;
import id.campaignledger.progress.ProgressRecords.CampaignProgress;
import id.campaignledger.progress.ProgressRecords.TargetProgress;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.UUID;

@Path("/api/v1/campaigns/{code}")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(value = { Role.ADMIN, Role.PARTNER, Role.VIEWER }, publicDashboard = true)
public class ProgressResource {

    @Inject
    ProgressService progress;

    @GET
    @Path("/progress")
    public CampaignProgress campaign(@PathParam("code") String code, @QueryParam("asOf") String asOf) {
        return progress.campaign(code, instant(asOf));
    }

    @GET
    @Path("/targets/{targetId}/progress")
    public TargetProgress target(@PathParam("code") String code, @PathParam("targetId") UUID targetId,
            @QueryParam("asOf") String asOf) {
        return progress.target(code, targetId, instant(asOf));
    }

    private static java.time.Instant instant(String asOf) {
        OffsetDateTime parsed = QueryParams.dateTime("asOf", asOf);
        return parsed == null ? null : parsed.toInstant();
    }
}
