package id.campaignledger.totals;

import id.campaignledger.common.Countries;
import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.RegionCode;
import id.campaignledger.common.db.Sql;
import id.campaignledger.totals.PeriodTotals.Months;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every read of the totals tables, bounded by calendar and reference data rather than by the
 * number of entries (docs/aggregates.md says what still reads entries, and why). Each method
 * runs on the connection of the caller's {@link id.campaignledger.common.db.ReadSnapshot}, so the
 * figures of one answer all come from one snapshot.
 */
@ApplicationScoped
public class TotalsReads {

    /** A region (null: all) and an inclusive period (null ends open) to add up. */
    public record Scope(String regionCode, LocalDate start, LocalDate end) {

        public static final Scope WHOLE_CAMPAIGN = new Scope(null, null, null);
    }

    /** Sales minus reversals in IDR, and the number of sales. */
    public record Figures(BigDecimal amountIdr, long saleCount) {

        public static final Figures NONE = new Figures(BigDecimal.ZERO, 0);
    }

    /** One group of a breakdown: its key, the label the reference data gives it, its figures. */
    public record Share(String key, String label, BigDecimal amountIdr, long saleCount) {
    }

    /** The dimensions a breakdown can group by. */
    public static final Set<String> DIMENSIONS = Set.of("province", "regency", "district", "channel", "umkm",
            "currency", "destination");

    /** A group expression over a period's bucket rows, and the monthly totals that hold its column. */
    private record Dimension(String group, Months months) {
    }

    /**
     * Regions need no channel or currency, so their whole months come from the coarser monthly
     * totals per region. UMKM have totals of their own.
     */
    private static final Map<String, Dimension> BUCKET_DIMENSIONS = Map.of(
            "province", new Dimension("split_part(d.region_code, '.', 1)", Months.BY_REGION),
            "regency", new Dimension(
                    "case when length(d.region_code) >= 5 then left(d.region_code, 5) else d.region_code end",
                    Months.BY_REGION),
            // A region registered above district level (a province or a regency) is a row of its own.
            "district", new Dimension(
                    "case when length(d.region_code) >= 8 then left(d.region_code, 8) else d.region_code end",
                    Months.BY_REGION),
            "channel", new Dimension("d.channel", Months.BY_REGION_CHANNEL_CURRENCY),
            "currency", new Dimension("d.currency", Months.BY_REGION_CHANNEL_CURRENCY),
            // Exports that name a destination country; the label is the country's English name.
            "destination", new Dimension("d.destination_country", Months.BY_DESTINATION));

    private static final Map<String, Sql> BREAKDOWNS = new HashMap<>();

    static {
        BUCKET_DIMENSIONS.forEach((by, d) -> BREAKDOWNS.put(by, Sql.of("select g.key, r.name as label, g.amount,"
                + " g.sales from (select " + d.group() + " as key, sum(d.amount_idr) as amount,"
                + " sum(d.sale_count) as sales from (" + PeriodTotals.sql(d.months()) + ") d group by 1) g"
                + " left join region r on r.code = g.key order by amount desc, key")));
    }

    private static final Sql UMKM_WHOLE = Sql.of("""
            select t.umkm_id::text as key, u.name as label, sum(t.amount_idr) as amount, sum(t.sale_count) as sales
              from ledger_umkm t join umkm u on u.id = t.umkm_id
             where t.campaign_id = :campaign
             group by 1, 2
             order by amount desc, key
            """);

    /** A part of the campaign: the entries of that part, through the (campaign, occurred_at) index. */
    private static final Sql UMKM_PART = Sql.of("""
            select e.umkm_id::text as key, u.name as label, sum(e.amount_idr) as amount,
                   count(*) filter (where e.kind = 'SALE') as sales
              from ledger_entry e join umkm u on u.id = e.umkm_id
             where e.campaign_id = :campaign and e.occurred_at >= :from and e.occurred_at < :until
             group by 1, 2
             order by amount desc, key
            """);

    /**
     * The figures of several scopes in one statement. Each scope is split as {@link PeriodTotals}
     * splits a period: whole months, the days before them (head) and after them (tail). The
     * bucket rows of all scopes are read once, each key range once, and every row is added to
     * each scope it falls in: the cost is one pass over the campaign's monthly rows per region,
     * whatever the number of targets.
     */
    private static final String FIGURES = """
            with scope as (
                select * from unnest(:regions::text[], :firstDays::date[], :headUntil::date[], :monthsFrom::date[],
                                     :monthsUntil::date[], :tailFrom::date[], :afterEnd::date[])
                         with ordinality as s(region_code, first_day, head_until, months_from, months_until,
                                              tail_from, after_end, i)
            ), bucket as materialized (
                select 'month'::text as grain, month as day, region_code, amount_idr, sale_count
                  from ledger_region_monthly where campaign_id = :campaign and month >= :allMonthsFrom
                   and month < :allMonthsUntil
                union all
                select 'day', day, region_code, amount_idr, sale_count
                  from ledger_daily where campaign_id = :campaign and day = any(:edgeDays::date[])
            """;

    /**
     * As of an earlier instant: the entries recorded since, taken off again at their own day. In
     * the same statement as the totals, so both sides read one snapshot.
     */
    private static final String RECORDED_SINCE = """
                union all
                select 'recorded since', (occurred_at at time zone :zone)::date, region_code, -amount_idr,
                       -(kind = 'SALE')::int
                  from ledger_entry where campaign_id = :campaign and recorded_at > :asOf
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
            """.formatted(RegionCode.under("b.region_code", "s.region_code"));

    private static final Sql FIGURES_NOW = Sql.of(FIGURES + ADD_UP);
    private static final Sql FIGURES_AS_OF = Sql.of(FIGURES + RECORDED_SINCE + ADD_UP);

    private static final Sql ACTIVE_WHOLE = Sql.of("select count(distinct umkm_id) from ledger_umkm"
            + " where campaign_id = :campaign and " + RegionCode.under("region_code")
            + " and first_sale_recorded_at <= coalesce(cast(:asOf as timestamptz), 'infinity')");

    private static final Sql ACTIVE_PART = Sql.of("select count(distinct umkm_id) from ledger_entry"
            + " where campaign_id = :campaign and " + RegionCode.under("region_code")
            + " and kind = 'SALE' and recorded_at <= coalesce(cast(:asOf as timestamptz), 'infinity')"
            + " and occurred_at >= :from and occurred_at < :until");

    @Inject
    LedgerClock clock;

    /**
     * Sales minus reversals by their own occurredAt, and the number of sales, of each scope, in
     * one statement. As of an earlier instant, what was recorded since is subtracted.
     */
    public Map<Scope, Figures> figures(Connection c, int campaignId, Collection<Scope> asked, Instant asOf)
            throws SQLException {
        List<Scope> scopes = List.copyOf(new LinkedHashSet<>(asked));
        List<PeriodTotals> periods = scopes.stream().map(s -> PeriodTotals.of(s.start(), s.end())).toList();
        // The whole months of all scopes as one key range, and every edge day once.
        List<PeriodTotals> withMonths = periods.stream().filter(PeriodTotals::hasWholeMonths).toList();
        LocalDate monthsFrom = withMonths.stream().map(PeriodTotals::fullMonthsFrom).min(Comparator.naturalOrder())
                .orElse(PeriodTotals.EARLIEST);
        LocalDate monthsUntil = withMonths.stream().map(PeriodTotals::wholeMonthsUntil).max(Comparator.naturalOrder())
                .orElse(PeriodTotals.EARLIEST);
        List<String> edgeDays = periods.stream().flatMap(PeriodTotals::edgeDays).distinct().sorted()
                .map(LocalDate::toString).toList();
        try (Sql.Bound s = (asOf == null ? FIGURES_NOW : FIGURES_AS_OF).on(c)) {
            s.array("regions", "text", scopes.stream().map(Scope::regionCode).toList())
                    .array("firstDays", "text", dates(periods, PeriodTotals::start))
                    .array("headUntil", "text", dates(periods, PeriodTotals::headUntil))
                    .array("monthsFrom", "text", dates(periods, PeriodTotals::fullMonthsFrom))
                    .array("monthsUntil", "text", dates(periods, PeriodTotals::wholeMonthsUntil))
                    .array("tailFrom", "text", dates(periods, PeriodTotals::tailFrom))
                    .array("afterEnd", "text", dates(periods, PeriodTotals::afterEnd))
                    .array("edgeDays", "text", edgeDays)
                    .set("campaign", campaignId).set("allMonthsFrom", monthsFrom).set("allMonthsUntil", monthsUntil);
            if (asOf != null) {
                s.set("zone", clock.zone().getId()).set("asOf", asOf);
            }
            Map<Scope, Figures> figures = new HashMap<>();
            for (Indexed row : s.list(r -> new Indexed(r.getInt(1), new Figures(r.getBigDecimal(2), r.getLong(3))))) {
                figures.put(scopes.get(row.index() - 1), row.figures());
            }
            return figures;
        }
    }

    private record Indexed(int index, Figures figures) {
    }

    private static List<String> dates(List<PeriodTotals> periods, Function<PeriodTotals, LocalDate> date) {
        return periods.stream().map(date).map(LocalDate::toString).toList();
    }

    /**
     * UMKM with at least one sale in the scope, recorded by {@code asOf} (null: now). A period
     * holding the whole campaign reads the per-UMKM totals; a shorter one reads the entries it
     * covers, through the (campaign, occurred_at) index.
     */
    public long activeUmkm(Connection c, CampaignPeriod campaign, Scope scope, Instant asOf) throws SQLException {
        boolean whole = campaign.coveredBy(scope.start(), scope.end(), clock.today());
        try (Sql.Bound s = (whole ? ACTIVE_WHOLE : ACTIVE_PART).on(c)) {
            s.set("campaign", campaign.id()).set("region", scope.regionCode()).set("asOf", asOf);
            if (!whole) {
                bindInstants(s, PeriodTotals.of(scope.start(), scope.end()));
            }
            return s.first(r -> r.getLong(1));
        }
    }

    /** The groups of a campaign's period by a dimension of {@link #DIMENSIONS}, largest first. */
    public List<Share> breakdown(Connection c, CampaignPeriod campaign, String by, LocalDate from, LocalDate to)
            throws SQLException {
        PeriodTotals period = PeriodTotals.of(from, to);
        boolean umkm = by.equals("umkm");
        boolean whole = campaign.coveredBy(from, to, clock.today());
        Sql sql = !umkm ? BREAKDOWNS.get(by) : whole ? UMKM_WHOLE : UMKM_PART;
        try (Sql.Bound s = sql.on(c)) {
            s.set("campaign", campaign.id());
            if (!umkm) {
                period.bind(s);
            } else if (!whole) {
                bindInstants(s, period);
            }
            return s.list(r -> new Share(r.getString(1), by.equals("destination")
                    ? Countries.englishName(r.getString(1)).orElse(null) : r.getString(2), r.getBigDecimal(3),
                    r.getLong(4)));
        }
    }

    private void bindInstants(Sql.Bound s, PeriodTotals period) {
        s.set("from", clock.startOf(period.start())).set("until", clock.startOf(period.afterEnd()));
    }

    /**
     * A campaign's figures per bucket of days (bucket start → figures) from the daily totals,
     * for days {@code start} to {@code end} inclusive, in a region (null: all).
     */
    public Map<LocalDate, Figures> series(Connection c, int campaignId, SeriesInterval interval, LocalDate start,
            LocalDate end, String region) throws SQLException {
        Map<LocalDate, Figures> sums = new HashMap<>();
        try (Sql.Bound s = interval.sql.on(c)) {
            s.set("campaign", campaignId).set("start", start).set("end", end).set("region", region);
            for (Dated row : s.list(r -> new Dated(r.getObject(1, LocalDate.class),
                    new Figures(r.getBigDecimal(2), r.getLong(3))))) {
                sums.put(row.day(), row.figures());
            }
        }
        return sums;
    }

    private record Dated(LocalDate day, Figures figures) {
    }

    /** The buckets of a time series; weeks start on Monday (date_trunc's ISO weeks). */
    public enum SeriesInterval {
        DAY("day"), WEEK("week"), MONTH("month");

        private final Sql sql;

        SeriesInterval(String unit) {
            this.sql = Sql.of("select date_trunc('" + unit + "', day)::date, sum(amount_idr), sum(sale_count)"
                    + " from ledger_daily where campaign_id = :campaign and day >= :start and day <= :end"
                    + " and " + RegionCode.under("region_code") + " group by 1");
        }
    }
}
