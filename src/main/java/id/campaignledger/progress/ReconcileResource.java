package id.campaignledger.progress;

import id.campaignledger.common.LedgerException;
import id.campaignledger.common.Money;
import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Role;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The operator's check that the daily totals still equal the entries they summarise. */
@Path("/api/v1/admin/reconcile")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.ADMIN)
public class ReconcileResource {

    public record Difference(LocalDate day, String regionCode, String channel, String currency, String partner,
            String expectedAmountIdr, String actualAmountIdr, long expectedSaleCount, long actualSaleCount) {
    }

    public record Reconciliation(String campaign, Instant checkedAt, boolean consistent,
            List<Difference> differences) {
    }

    /** Full outer join of the recomputation and the maintained rows; equal keys with equal sums drop out. */
    private static final String COMPARE = """
            with expected as (
                select (occurred_at at time zone ?)::date as day, region_code, channel, currency, partner_id,
                       sum(amount_idr) as amount_idr, count(*) filter (where kind = 'SALE') as sale_count
                  from ledger_entry where campaign_id = ?
                 group by 1, 2, 3, 4, 5),
            actual as (select * from ledger_daily where campaign_id = ?)
            select coalesce(e.day, a.day), coalesce(e.region_code, a.region_code), coalesce(e.channel, a.channel),
                   coalesce(e.currency, a.currency), p.code, coalesce(e.amount_idr, 0), coalesce(a.amount_idr, 0),
                   coalesce(e.sale_count, 0), coalesce(a.sale_count, 0)
              from expected e
              full join actual a on (a.day, a.region_code, a.channel, a.currency, a.partner_id)
                                  = (e.day, e.region_code, e.channel, e.currency, e.partner_id)
              join partner p on p.id = coalesce(e.partner_id, a.partner_id)
             where e.amount_idr is distinct from a.amount_idr or e.sale_count is distinct from a.sale_count
             order by 1, 2, 3, 4, 5
            """;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "ledger.time-zone", defaultValue = "Asia/Jakarta")
    ZoneId zone;

    @GET
    public Reconciliation reconcile(@QueryParam("campaign") String campaign) {
        if (campaign == null || campaign.isEmpty()) {
            throw LedgerException.invalid("campaign", "is required");
        }
        try (Connection c = dataSource.getConnection()) {
            int campaignId = AggregateService.campaignId(c, campaign);
            List<Difference> differences = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(COMPARE)) {
                s.setString(1, zone.getId());
                s.setInt(2, campaignId);
                s.setInt(3, campaignId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        differences.add(new Difference(r.getObject(1, LocalDate.class), r.getString(2),
                                r.getString(3), r.getString(4), r.getString(5), money(r.getBigDecimal(6)),
                                money(r.getBigDecimal(7)), r.getLong(8), r.getLong(9)));
                    }
                }
            }
            return new Reconciliation(campaign, Instant.now(), differences.isEmpty(), differences);
        } catch (SQLException e) {
            throw new ProgressService.ProgressReadException(e);
        }
    }

    private static String money(BigDecimal value) {
        return Money.format(value);
    }
}
