package id.campaignledger.progress;

import id.campaignledger.common.QueryParams;
import id.campaignledger.common.RegionCode;
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

    @Inject
    AggregateService aggregates;

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

    @GET
    @Path("/breakdown")
    public ProgressRecords.Breakdown breakdown(@PathParam("code") String code, @QueryParam("by") String by,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") String limit) {
        return aggregates.breakdown(code, by, QueryParams.date("from", from), QueryParams.date("to", to),
                QueryParams.limit(limit, 50, 500));
    }

    @GET
    @Path("/timeseries")
    public ProgressRecords.TimeSeries timeSeries(@PathParam("code") String code,
            @QueryParam("interval") String interval, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("regionCode") String regionCode) {
        return aggregates.timeSeries(code, interval, QueryParams.date("from", from), QueryParams.date("to", to),
                RegionCode.parameter("regionCode", regionCode));
    }

    private static java.time.Instant instant(String asOf) {
        OffsetDateTime parsed = QueryParams.dateTime("asOf", asOf);
        return parsed == null ? null : parsed.toInstant();
    }
}
