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
 * Progress against targets. Values and counts come from the daily totals (bounded by calendar
 * and reference data, not by the number of entries). Distinct UMKM and reads "as of" a past
 * instant still read entries, through the (campaign, occurred_at) index.
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
            int campaignId = AggregateService.campaignId(c, code);
            List<TargetProgress> targets = new ArrayList<>();
            for (TargetRow t : targets(c, campaignId, null)) {
                targets.add(progress(c, campaignId, t, asOf));
            }
            Figures all = figures(c, campaignId, null, null, null, asOf);
            long active = activeUmkm(c, campaignId, null, null, null, asOf);
            return new CampaignProgress(code, asOf == null ? Instant.now() : asOf, zone.getId(),
                    new Totals(Money.format(all.amountIdr()), all.saleCount(), active), targets);
        } catch (SQLException e) {
            throw new ProgressReadException(e);
        }
    }

    public TargetProgress target(String code, UUID targetId, Instant asOf) {
        try (Connection c = dataSource.getConnection()) {
            int campaignId = AggregateService.campaignId(c, code);
            List<TargetRow> found = targets(c, campaignId, targetId);
            if (found.isEmpty()) {
                throw LedgerException.notFound("Campaign " + code + " has no target " + targetId + ".");
            }
            return progress(c, campaignId, found.get(0), asOf);
        } catch (SQLException e) {
            throw new ProgressReadException(e);
        }
    }

    private TargetProgress progress(Connection c, int campaignId, TargetRow t, Instant asOf) throws SQLException {
        BigDecimal realised = switch (t.metric()) {
            case TRANSACTION_VALUE -> figures(c, campaignId, t.regionCode(), t.start(), t.end(), asOf).amountIdr();
            case TRANSACTION_COUNT -> BigDecimal.valueOf(
                    figures(c, campaignId, t.regionCode(), t.start(), t.end(), asOf).saleCount());
            case ACTIVE_UMKM -> BigDecimal.valueOf(activeUmkm(c, campaignId, t.regionCode(), t.start(), t.end(), asOf));
        };
        return Progress.of(t.id(), t.name(), t.metric(), t.regionCode(), t.start(), t.end(), t.amount(), realised);
    }

    record Figures(BigDecimal amountIdr, long saleCount) {
    }

    /** Sales minus reversals by their own occurredAt, and the number of sales, in a period and region. */
    private Figures figures(Connection c, int campaignId, String region, LocalDate start, LocalDate end, Instant asOf)
            throws SQLException {
        String sql = asOf == null
                ? "select coalesce(sum(amount_idr), 0), coalesce(sum(sale_count), 0) from ledger_daily"
                        + " where campaign_id = ? and day >= ? and day <= ? and " + Regions.UNDER
                : "select coalesce(sum(amount_idr), 0), count(*) filter (where kind = 'SALE') from ledger_entry"
                        + " where campaign_id = ? and occurred_at >= ? and occurred_at < ? and " + Regions.UNDER
                        + " and recorded_at <= ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindPeriod(s, campaignId, start, end, asOf == null);
            Regions.bindUnder(s, 4, region);
            if (asOf != null) {
                s.setTimestamp(7, Timestamp.from(asOf));
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new Figures(r.getBigDecimal(1), r.getLong(2));
            }
        }
    }

    /** UMKM with at least one sale in the period and region. */
    private long activeUmkm(Connection c, int campaignId, String region, LocalDate start, LocalDate end,
            Instant asOf) throws SQLException {
        String sql = "select count(distinct umkm_id) from ledger_entry where campaign_id = ? and occurred_at >= ?"
                + " and occurred_at < ? and " + Regions.UNDER + " and kind = 'SALE' and recorded_at <= ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindPeriod(s, campaignId, start, end, false);
            Regions.bindUnder(s, 4, region);
            s.setTimestamp(7, Timestamp.from(asOf == null ? Instant.now() : asOf));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** A period of whole days in the ledger zone; no period means all time. */
    private void bindPeriod(PreparedStatement s, int campaignId, LocalDate start, LocalDate end, boolean asDays)
            throws SQLException {
        LocalDate from = start == null ? LocalDate.of(1970, 1, 1) : start;
        LocalDate to = end == null ? LocalDate.of(9999, 12, 30) : end;
        s.setInt(1, campaignId);
        if (asDays) {
            s.setObject(2, from);
            s.setObject(3, to);
        } else {
            s.setTimestamp(2, Timestamp.from(from.atStartOfDay(zone).toInstant()));
            s.setTimestamp(3, Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant()));
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
