package id.campaignledger.progress;

import id.campaignledger.campaign.TargetMetric;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.Money;
import id.campaignledger.common.Regions;
import id.campaignledger.progress.ProgressRecords.CampaignProgress;
import id.campaignledger.progress.ProgressRecords.TargetProgress;
import id.campaignledger.progress.ProgressRecords.Totals;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Progress against targets. Values and counts come from the monthly and daily totals, active
 * UMKM over a whole campaign from the per-UMKM totals (all bounded by calendar and reference
 * data, not by the number of entries); see docs/aggregates.md for what still reads entries.
 */
@ApplicationScoped
public class ProgressService {

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "ledger.time-zone", defaultValue = "Asia/Jakarta")
    ZoneId zone;

    record TargetRow(UUID id, String name, TargetMetric metric, String regionCode, LocalDate start, LocalDate end,
            BigDecimal amount) {
    }

    public CampaignProgress campaign(String code, Instant asOf) {
        try (Connection c = dataSource.getConnection()) {
            CampaignPeriod campaign = CampaignPeriod.find(c, code);
            List<TargetProgress> targets = new ArrayList<>();
            for (TargetRow t : targets(c, campaign.id(), null)) {
                targets.add(progress(c, campaign, t, asOf));
            }
            Figures all = figures(c, campaign.id(), null, null, null, asOf);
            long active = activeUmkm(c, campaign, null, null, null, asOf);
            return new CampaignProgress(code, asOf == null ? Instant.now() : asOf, zone.getId(),
                    new Totals(Money.format(all.amountIdr()), all.saleCount(), active), targets);
        } catch (SQLException e) {
            throw new ProgressReadException(e);
        }
    }

    public TargetProgress target(String code, UUID targetId, Instant asOf) {
        try (Connection c = dataSource.getConnection()) {
            CampaignPeriod campaign = CampaignPeriod.find(c, code);
            List<TargetRow> found = targets(c, campaign.id(), targetId);
            if (found.isEmpty()) {
                throw LedgerException.notFound("Campaign " + code + " has no target " + targetId + ".");
            }
            return progress(c, campaign, found.get(0), asOf);
        } catch (SQLException e) {
            throw new ProgressReadException(e);
        }
    }

    private TargetProgress progress(Connection c, CampaignPeriod campaign, TargetRow t, Instant asOf)
            throws SQLException {
        BigDecimal realised = switch (t.metric()) {
            case TRANSACTION_VALUE -> figures(c, campaign.id(), t.regionCode(), t.start(), t.end(), asOf).amountIdr();
            case TRANSACTION_COUNT -> BigDecimal.valueOf(
                    figures(c, campaign.id(), t.regionCode(), t.start(), t.end(), asOf).saleCount());
            case ACTIVE_UMKM -> BigDecimal.valueOf(activeUmkm(c, campaign, t.regionCode(), t.start(), t.end(), asOf));
        };
        return Progress.of(t.id(), t.name(), t.metric(), t.regionCode(), t.start(), t.end(), t.amount(), realised);
    }

    record Figures(BigDecimal amountIdr, long saleCount) {
    }

    /**
     * Sales minus reversals by their own occurredAt, and the number of sales, in a period and
     * region, from the monthly and daily totals. As of an earlier instant, what was recorded
     * since is subtracted, in the same statement so both sides read one snapshot.
     */
    private Figures figures(Connection c, int campaignId, String region, LocalDate start, LocalDate end, Instant asOf)
            throws SQLException {
        PeriodTotals period = PeriodTotals.of(start, end);
        String totals = "select coalesce(sum(amount_idr), 0) as amount, coalesce(sum(sale_count), 0) as sales from ("
                + PeriodTotals.sql(Regions.UNDER) + ") b";
        String sql = asOf == null ? totals
                : "select t.amount - l.amount, t.sales - l.sales from (" + totals + ") t, (select"
                        + " coalesce(sum(amount_idr), 0) as amount, count(*) filter (where kind = 'SALE') as sales"
                        + " from ledger_entry where campaign_id = ? and recorded_at > ? and occurred_at >= ?"
                        + " and occurred_at < ? and " + Regions.UNDER + ") l";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int next = period.bind(s, 1, campaignId, (st, i) -> {
                Regions.bindUnder(st, i, region);
                return i + 3;
            });
            if (asOf != null) {
                s.setInt(next, campaignId);
                s.setTimestamp(next + 1, Timestamp.from(asOf));
                s.setTimestamp(next + 2, Timestamp.from(period.start().atStartOfDay(zone).toInstant()));
                s.setTimestamp(next + 3, Timestamp.from(period.end().plusDays(1).atStartOfDay(zone).toInstant()));
                Regions.bindUnder(s, next + 4, region);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new Figures(r.getBigDecimal(1), r.getLong(2));
            }
        }
    }

    /**
     * UMKM with at least one sale in the period and region. A period holding the whole campaign
     * reads the per-UMKM totals; a shorter one reads the entries it covers, through the
     * (campaign, occurred_at) index.
     */
    private long activeUmkm(Connection c, CampaignPeriod campaign, String region, LocalDate start, LocalDate end,
            Instant asOf) throws SQLException {
        boolean whole = campaign.coveredBy(start, end, LocalDate.now(zone));
        String sql = whole
                ? "select count(distinct umkm_id) from ledger_umkm where campaign_id = ? and " + Regions.UNDER
                        + " and first_sale_recorded_at <= coalesce(cast(? as timestamptz), 'infinity')"
                : "select count(distinct umkm_id) from ledger_entry where campaign_id = ? and " + Regions.UNDER
                        + " and kind = 'SALE' and recorded_at <= coalesce(cast(? as timestamptz), 'infinity')"
                        + " and occurred_at >= ? and occurred_at < ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, campaign.id());
            Regions.bindUnder(s, 2, region);
            s.setTimestamp(5, asOf == null ? null : Timestamp.from(asOf));
            if (!whole) {
                PeriodTotals period = PeriodTotals.of(start, end);
                s.setTimestamp(6, Timestamp.from(period.start().atStartOfDay(zone).toInstant()));
                s.setTimestamp(7, Timestamp.from(period.end().plusDays(1).atStartOfDay(zone).toInstant()));
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static List<TargetRow> targets(Connection c, int campaignId, UUID only) throws SQLException {
        String sql = "select id, name, metric, region_code, period_start, period_end, amount from target"
                + " where campaign_id = ?" + (only == null ? "" : " and id = ?") + " order by period_start, id";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, campaignId);
            if (only != null) {
                s.setObject(2, only);
            }
            List<TargetRow> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new TargetRow(r.getObject(1, UUID.class), r.getString(2),
                            TargetMetric.valueOf(r.getString(3)), r.getString(4), r.getObject(5, LocalDate.class),
                            r.getObject(6, LocalDate.class), r.getBigDecimal(7)));
                }
            }
            return rows;
        }
    }

    /** A database failure: the mapper turns a lost connection into 503. */
    static final class ProgressReadException extends RuntimeException {
        ProgressReadException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
