package id.campaignledger.progress;

import id.campaignledger.campaign.TargetMetric;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.Money;
import id.campaignledger.common.Regions;
import id.campaignledger.progress.ProgressRecords.CampaignProgress;
import id.campaignledger.progress.ProgressRecords.TargetProgress;
import id.campaignledger.progress.ProgressRecords.Totals;
import id.campaignledger.replica.ReadRoute;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Progress against targets. Values and counts come from the monthly totals per region and the
 * daily totals, active UMKM over a whole campaign from the per-UMKM totals (all bounded by
 * calendar and reference data, not by the number of entries); see docs/aggregates.md for what
 * still reads entries.
 */
@ApplicationScoped
public class ProgressService {

    /**
     * The figures of several scopes in one statement. Each scope is split as {@link PeriodTotals}
     * splits a period: whole months, the days before them (head) and after them (tail). The
     * bucket rows of all scopes are read once, each key range once, and every row is added to
     * each scope it falls in: the cost is one pass over the campaign's monthly rows per region,
     * whatever the number of targets.
     */
    private static final String FIGURES = """
            with scope as (
                select * from unnest(?::text[], ?::date[], ?::date[], ?::date[], ?::date[], ?::date[], ?::date[])
                         with ordinality as s(region_code, first_day, head_until, months_from, months_until,
                                              tail_from, after_end, i)
            ), bucket as materialized (
                select 'month'::text as grain, month as day, region_code, amount_idr, sale_count
                  from ledger_region_monthly where campaign_id = ? and month >= ? and month < ?
                union all
                select 'day', day, region_code, amount_idr, sale_count
                  from ledger_daily where campaign_id = ? and day = any(?::date[])
            """;

    /**
     * As of an earlier instant: the entries recorded since, taken off again at their own day. In
     * the same statement as the totals, so both sides read one snapshot.
     */
    private static final String RECORDED_SINCE = """
                union all
                select 'recorded since', (occurred_at at time zone ?)::date, region_code, -amount_idr,
                       -(kind = 'SALE')::int
                  from ledger_entry where campaign_id = ? and recorded_at > ?
            """;

    private static final String ADD_UP = """
            )
            select s.i, coalesce(sum(b.amount_idr), 0), coalesce(sum(b.sale_count), 0)
              from scope s
              left join bucket b
                on case b.grain
                     when 'month' then b.day >= s.months_from and b.day < s.months_until
                     when 'day' then b.day >= s.first_day and b.day < s.head_until
                                  or b.day >= s.tail_from and b.day < s.after_end
                     else b.day >= s.first_day and b.day < s.after_end
                   end
               and %s
             group by s.i
            """.formatted(Regions.under("b.region_code", "s.region_code"));

    // Read-replica hook: read answers take their connection from the replica while it is fresh.
    @Inject
    ReadRoute dataSource;

    @ConfigProperty(name = "ledger.time-zone", defaultValue = "Asia/Jakarta")
    ZoneId zone;

    record TargetRow(UUID id, String name, TargetMetric metric, String regionCode, LocalDate start, LocalDate end,
            BigDecimal amount) {

        Scope scope() {
            return new Scope(regionCode, start, end);
        }
    }

    /** A region (null: all) and an inclusive period (null ends open) to add up. */
    record Scope(String regionCode, LocalDate start, LocalDate end) {

        static final Scope WHOLE_CAMPAIGN = new Scope(null, null, null);
    }

    public CampaignProgress campaign(String code, Instant asOf) {
        try (Connection c = dataSource.getConnection()) {
            CampaignPeriod campaign = CampaignPeriod.find(c, code);
            List<TargetRow> rows = targets(c, campaign.id(), null);
            List<Scope> scopes = new ArrayList<>();
            for (TargetRow t : rows) {
                if (t.metric() != TargetMetric.ACTIVE_UMKM) {
                    scopes.add(t.scope());
                }
            }
            scopes.add(Scope.WHOLE_CAMPAIGN);
            Map<Scope, Figures> figures = figures(c, campaign.id(), scopes, asOf);
            List<TargetProgress> targets = new ArrayList<>();
            for (TargetRow t : rows) {
                targets.add(progress(c, campaign, t, figures, asOf));
            }
            Figures all = figures.get(Scope.WHOLE_CAMPAIGN);
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
            TargetRow t = found.get(0);
            Map<Scope, Figures> figures = t.metric() == TargetMetric.ACTIVE_UMKM ? Map.of()
                    : figures(c, campaign.id(), List.of(t.scope()), asOf);
            return progress(c, campaign, t, figures, asOf);
        } catch (SQLException e) {
            throw new ProgressReadException(e);
        }
    }

    /** A target's progress; value and count targets take their figures from those already read. */
    private TargetProgress progress(Connection c, CampaignPeriod campaign, TargetRow t, Map<Scope, Figures> figures,
            Instant asOf) throws SQLException {
        BigDecimal realised = switch (t.metric()) {
            case TRANSACTION_VALUE -> figures.get(t.scope()).amountIdr();
            case TRANSACTION_COUNT -> BigDecimal.valueOf(figures.get(t.scope()).saleCount());
            case ACTIVE_UMKM -> BigDecimal.valueOf(activeUmkm(c, campaign, t.regionCode(), t.start(), t.end(), asOf));
        };
        return Progress.of(t.id(), t.name(), t.metric(), t.regionCode(), t.start(), t.end(), t.amount(), realised);
    }

    record Figures(BigDecimal amountIdr, long saleCount) {
    }

    /**
     * Sales minus reversals by their own occurredAt, and the number of sales, of each scope, in
     * one statement (see {@link #FIGURES}). As of an earlier instant, what was recorded since is
     * subtracted.
     */
    private Map<Scope, Figures> figures(Connection c, int campaignId, Collection<Scope> asked, Instant asOf)
            throws SQLException {
        List<Scope> scopes = List.copyOf(new LinkedHashSet<>(asked));
        List<PeriodTotals> periods = scopes.stream().map(s -> PeriodTotals.of(s.start(), s.end())).toList();
        // The whole months of all scopes as one key range, and every edge day once.
        List<PeriodTotals> withMonths = periods.stream().filter(PeriodTotals::hasWholeMonths).toList();
        LocalDate monthsFrom = withMonths.stream().map(PeriodTotals::fullMonthsFrom).min(Comparator.naturalOrder())
                .orElse(PeriodTotals.EARLIEST);
        LocalDate monthsUntil = withMonths.stream().map(PeriodTotals::wholeMonthsUntil).max(Comparator.naturalOrder())
                .orElse(PeriodTotals.EARLIEST);
        String[] edgeDays = periods.stream().flatMap(PeriodTotals::edgeDays).distinct().sorted()
                .map(LocalDate::toString).toArray(String[]::new);
        String sql = FIGURES + (asOf == null ? "" : RECORDED_SINCE) + ADD_UP;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("text", scopes.stream().map(Scope::regionCode).toArray()));
            s.setArray(2, dates(c, periods, PeriodTotals::start));
            s.setArray(3, dates(c, periods, PeriodTotals::headUntil));
            s.setArray(4, dates(c, periods, PeriodTotals::fullMonthsFrom));
            s.setArray(5, dates(c, periods, PeriodTotals::wholeMonthsUntil));
            s.setArray(6, dates(c, periods, PeriodTotals::tailFrom));
            s.setArray(7, dates(c, periods, PeriodTotals::afterEnd));
            s.setInt(8, campaignId);
            s.setObject(9, monthsFrom);
            s.setObject(10, monthsUntil);
            s.setInt(11, campaignId);
            s.setArray(12, c.createArrayOf("text", edgeDays));
            if (asOf != null) {
                s.setString(13, zone.getId());
                s.setInt(14, campaignId);
                s.setTimestamp(15, Timestamp.from(asOf));
            }
            Map<Scope, Figures> figures = new HashMap<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    figures.put(scopes.get(r.getInt(1) - 1), new Figures(r.getBigDecimal(2), r.getLong(3)));
                }
            }
            return figures;
        }
    }

    private static Array dates(Connection c, List<PeriodTotals> periods, Function<PeriodTotals, LocalDate> date)
            throws SQLException {
        return c.createArrayOf("text", periods.stream().map(date).map(LocalDate::toString).toArray());
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
