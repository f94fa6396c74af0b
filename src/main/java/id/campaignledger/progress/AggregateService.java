package id.campaignledger.progress;

import id.campaignledger.common.LedgerException;
import id.campaignledger.common.Money;
import id.campaignledger.common.Regions;
import id.campaignledger.progress.PeriodTotals.Months;
import id.campaignledger.region.RegionDirectory;
import id.campaignledger.region.RegionRecords.RegionRef;
import id.campaignledger.progress.ProgressRecords.Breakdown;
import id.campaignledger.progress.ProgressRecords.BreakdownRow;
import id.campaignledger.progress.ProgressRecords.Point;
import id.campaignledger.progress.ProgressRecords.TimeSeries;
import id.campaignledger.replica.ReadRoute;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Breakdowns and time series of a campaign, read from the maintained totals. */
@ApplicationScoped
public class AggregateService {

    static final int MAX_POINTS = 3700;

    /** A group expression over the period's bucket rows, and the monthly totals that hold its column. */
    private record Dimension(String group, Months months) {
    }

    /**
     * Regions need no channel or currency, so their whole months come from the coarser monthly
     * totals per region. UMKM have totals of their own.
     */
    private static final Map<String, Dimension> DIMENSIONS = Map.of(
            "province", new Dimension("split_part(d.region_code, '.', 1)", Months.BY_REGION),
            "regency", new Dimension(
                    "case when length(d.region_code) >= 5 then left(d.region_code, 5) else d.region_code end",
                    Months.BY_REGION),
            // A region registered above district level (a province or a regency) is a row of its own.
            "district", new Dimension(
                    "case when length(d.region_code) >= 8 then left(d.region_code, 8) else d.region_code end",
                    Months.BY_REGION),
            "channel", new Dimension("d.channel", Months.BY_REGION_CHANNEL_CURRENCY),
            "currency", new Dimension("d.currency", Months.BY_REGION_CHANNEL_CURRENCY));

    private static final java.util.Set<String> REGION_DIMENSIONS = java.util.Set.of("province", "regency", "district");

    // Read-replica hook: read answers take their connection from the replica while it is fresh.
    @Inject
    ReadRoute dataSource;

    @Inject
    RegionDirectory regions;

    @ConfigProperty(name = "ledger.time-zone", defaultValue = "Asia/Jakarta")
    ZoneId zone;

    public Breakdown breakdown(String code, String by, LocalDate from, LocalDate to, int limit) {
        if (by == null || !(DIMENSIONS.containsKey(by) || by.equals("umkm"))) {
            throw LedgerException.invalid("by", "must be one of province, regency, district, channel, umkm, currency");
        }
        checkOrder(from, to);
        try (Connection c = dataSource.getConnection()) {
            CampaignPeriod campaign = CampaignPeriod.find(c, code);
            PeriodTotals period = PeriodTotals.of(from, to);
            boolean umkm = by.equals("umkm");
            boolean whole = campaign.coveredBy(from, to, LocalDate.now(zone));
            String sql = !umkm
                    ? "select g.key, r.name as label, g.amount, g.sales from (select " + DIMENSIONS.get(by).group()
                            + " as key, sum(d.amount_idr) as amount, sum(d.sale_count) as sales from ("
                            + PeriodTotals.sql(DIMENSIONS.get(by).months(), "true")
                            + ") d group by 1) g left join region r on r.code = g.key"
                    : whole
                    ? """
                      select t.umkm_id::text as key, u.name as label, sum(t.amount_idr) as amount,
                             sum(t.sale_count) as sales
                        from ledger_umkm t join umkm u on u.id = t.umkm_id
                       where t.campaign_id = ?
                       group by 1, 2
                      """
                    // A part of the campaign: the entries of that part, through the (campaign, occurred_at) index.
                    : """
                      select e.umkm_id::text as key, u.name as label, sum(e.amount_idr) as amount,
                             count(*) filter (where e.kind = 'SALE') as sales
                        from ledger_entry e join umkm u on u.id = e.umkm_id
                       where e.campaign_id = ? and e.occurred_at >= ? and e.occurred_at < ?
                       group by 1, 2
                      """;
            List<Object[]> rows = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            try (PreparedStatement s = c.prepareStatement(sql + " order by amount desc, key")) {
                if (!umkm) {
                    period.bind(s, 1, campaign.id(), (st, i) -> i);
                } else {
                    s.setInt(1, campaign.id());
                    if (!whole) {
                        s.setTimestamp(2, Timestamp.from(period.start().atStartOfDay(zone).toInstant()));
                        s.setTimestamp(3, Timestamp.from(period.end().plusDays(1).atStartOfDay(zone).toInstant()));
                    }
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows.add(new Object[] { r.getString(1), r.getString(2), r.getBigDecimal(3), r.getLong(4) });
                        total = total.add(r.getBigDecimal(3));
                    }
                }
            }
            List<BreakdownRow> ranked = new ArrayList<>();
            for (Object[] row : rows.subList(0, Math.min(limit, rows.size()))) {
                BigDecimal amount = (BigDecimal) row[2];
                String share = total.signum() == 0 ? "0.00" : Progress.percent(amount, total).toPlainString();
                // Region rows name their province and regency, so a district is never read out of context.
                List<RegionRef> ancestors = REGION_DIMENSIONS.contains(by) ? regions.ancestors((String) row[0]) : null;
                ranked.add(new BreakdownRow((String) row[0], (String) row[1], Money.format(amount), (Long) row[3],
                        share, ancestors));
            }
            return new Breakdown(code, by, from, to, Money.format(total), ranked);
        } catch (SQLException e) {
            throw new ProgressService.ProgressReadException(e);
        }
    }

    public TimeSeries timeSeries(String code, String interval, LocalDate from, LocalDate to, String region) {
        ChronoUnit unit = switch (interval == null ? "" : interval) {
            case "day" -> ChronoUnit.DAYS;
            case "week" -> ChronoUnit.WEEKS;
            case "month" -> ChronoUnit.MONTHS;
            default -> throw LedgerException.invalid("interval", "must be one of day, week, month");
        };
        checkOrder(from, to);
        try (Connection c = dataSource.getConnection()) {
            CampaignPeriod campaign = CampaignPeriod.find(c, code);
            int campaignId = campaign.id();
            LocalDate start = from != null ? from : campaign.startsOn();
            LocalDate end = to != null ? to : campaign.endsOn() != null ? campaign.endsOn() : LocalDate.now(zone);
            if (end.isBefore(start)) {
                end = start;
            }
            LocalDate first = bucket(start, unit);
            if (unit.between(first, end) >= MAX_POINTS) {
                throw LedgerException.invalid("from", "the range holds more than " + MAX_POINTS + " buckets");
            }
            Map<LocalDate, Object[]> sums = new HashMap<>();
            String sql = "select date_trunc('" + interval + "', day)::date, sum(amount_idr), sum(sale_count)"
                    + " from ledger_daily where campaign_id = ? and day >= ? and day <= ?"
                    + " and " + Regions.UNDER + " group by 1";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setInt(1, campaignId);
                s.setObject(2, start);
                s.setObject(3, end);
                Regions.bindUnder(s, 4, region);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        sums.put(r.getObject(1, LocalDate.class), new Object[] { r.getBigDecimal(2), r.getLong(3) });
                    }
                }
            }
            List<Point> points = new ArrayList<>();
            BigDecimal cumulative = BigDecimal.ZERO;
            for (LocalDate period = first; !period.isAfter(end); period = period.plus(1, unit)) {
                Object[] sum = sums.getOrDefault(period, new Object[] { BigDecimal.ZERO, 0L });
                cumulative = cumulative.add((BigDecimal) sum[0]);
                points.add(new Point(period, Money.format((BigDecimal) sum[0]), (Long) sum[1],
                        Money.format(cumulative)));
            }
            return new TimeSeries(code, interval, start, end, region, zone.getId(), points);
        } catch (SQLException e) {
            throw new ProgressService.ProgressReadException(e);
        }
    }

    /** The first day of the bucket holding a day: weeks start on Monday. */
    static LocalDate bucket(LocalDate day, ChronoUnit unit) {
        return switch (unit) {
            case WEEKS -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHS -> day.withDayOfMonth(1);
            default -> day;
        };
    }

    private static void checkOrder(LocalDate from, LocalDate to) {
        if (from != null && to != null && to.isBefore(from)) {
            throw LedgerException.invalid("to", "must not be before from");
        }
    }
}
