package id.campaignledger.umkm;

import id.campaignledger.common.RegionCode;
import id.campaignledger.common.db.ReadSnapshot;
import id.campaignledger.common.db.Sql;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The registry in four numbers, the shape of "1,206 registered, 500 curated, 76 export-ready". */
@Path("/api/v1/umkm/stats")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(value = { Role.ADMIN, Role.PARTNER, Role.VIEWER }, publicDashboard = true)
public class UmkmStatsResource {

    private static final Sql STATS = Sql.of("select count(*), count(*) filter (where curated),"
            + " count(*) filter (where export_ready), count(*) filter (where digital_payments) from umkm where "
            + RegionCode.under("region_code"));

    public record UmkmStats(String regionCode, long registered, long curated, long exportReady,
            long digitalPayments) {
    }

    @Inject
    ReadSnapshot snapshot;

    @GET
    public UmkmStats stats(@QueryParam("regionCode") String regionCode) {
        String region = RegionCode.parameter("regionCode", regionCode);
        return snapshot.read(c -> {
            try (Sql.Bound s = STATS.on(c)) {
                return s.set("region", region).first(
                        r -> new UmkmStats(region, r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)));
            }
        });
    }
}
