package id.campaignledger.progress;

import id.campaignledger.common.QueryParams;
import id.campaignledger.common.Regions;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Role;
import id.campaignledger.replica.ReadRoute;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The registry in four numbers, the shape of "1,206 registered, 500 curated, 76 export-ready". */
@Path("/api/v1/umkm/stats")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(value = { Role.ADMIN, Role.PARTNER, Role.VIEWER }, publicDashboard = true)
public class UmkmStatsResource {

    public record UmkmStats(String regionCode, long registered, long curated, long exportReady,
            long digitalPayments) {
    }

    // Read-replica hook: read answers take their connection from the replica while it is fresh.
    @Inject
    ReadRoute dataSource;

    @GET
    public UmkmStats stats(@QueryParam("regionCode") String regionCode) {
        String region = QueryParams.regionCode(regionCode);
        String sql = "select count(*), count(*) filter (where curated), count(*) filter (where export_ready),"
                + " count(*) filter (where digital_payments) from umkm where " + Regions.UNDER;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            Regions.bindUnder(s, 1, region);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new UmkmStats(region, r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
            }
        } catch (SQLException e) {
            throw new ProgressService.ProgressReadException(e);
        }
    }
}
