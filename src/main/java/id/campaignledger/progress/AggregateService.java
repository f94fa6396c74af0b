package id.campaignledger.progress;

import id.campaignledger.common.DateRange;
import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.Money;
import id.campaignledger.common.db.ReadSnapshot;
import id.campaignledger.progress.ProgressRecords.Breakdown;
import id.campaignledger.progress.ProgressRecords.BreakdownRow;
import id.campaignledger.progress.ProgressRecords.Point;
import id.campaignledger.progress.ProgressRecords.TimeSeries;
import id.campaignledger.region.RegionDirectory;
import id.campaignledger.region.RegionRecords.RegionRef;
import id.campaignledger.totals.CampaignPeriod;
import id.campaignledger.totals.TotalsReads;
import id.campaignledger.totals.TotalsReads.Figures;
import id.campaignledger.totals.TotalsReads.SeriesInterval;
import id.campaignledger.totals.TotalsReads.Share;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Breakdowns and time series of a campaign, read from the maintained totals in one snapshot. */
@ApplicationScoped
public class AggregateService {

    static final int MAX_POINTS = 3700;

    private static final Set<String> REGION_DIMENSIONS = Set.of("province", "regency", "district");

    @Inject
    ReadSnapshot snapshot;

    @Inject
    TotalsReads totals;

    @Inject
    LedgerClock clock;

    @Inject
    RegionDirectory regions;

    /** What a breakdown's or series' rows depend on: the same for every caller allowed to read them. */
    private record BreakdownKey(String code, String by, LocalDate from, LocalDate to) {
    }

    private record SeriesKey(String code, String interval, LocalDate from, LocalDate to, String region) {
    }

    /** Concurrent callers asking the same share a read round ({@link ReadSnapshot#shared}). */
    public Breakdown breakdown(String code, String by, LocalDate from, LocalDate to, int limit) {
        if (by == null || !TotalsReads.DIMENSIONS.contains(by)) {
            throw LedgerException.invalid("by", "must be one of province, regency, district, channel, umkm, currency");
        }
        DateRange.ordered("from", from, "to", to);
        List<Share> shares = snapshot.shared(new BreakdownKey(code, by, from, to),
                c -> List.copyOf(totals.breakdown(c, CampaignPeriod.find(c, code), by, from, to)));
        BigDecimal total = shares.stream().map(Share::amountIdr).reduce(BigDecimal.ZERO, BigDecimal::add);
        List<BreakdownRow> ranked = new ArrayList<>();
        for (Share row : shares.subList(0, Math.min(limit, shares.size()))) {
            String share = total.signum() == 0 ? "0.00" : Progress.percent(row.amountIdr(), total).toPlainString();
            // Region rows name their province and regency, so a district is never read out of context.
            List<RegionRef> ancestors = REGION_DIMENSIONS.contains(by) ? regions.ancestors(row.key()) : null;
            ranked.add(new BreakdownRow(row.key(), row.label(), Money.format(row.amountIdr()), row.saleCount(),
                    share, ancestors));
        }
        return new Breakdown(code, by, from, to, Money.format(total), ranked);
    }

    public TimeSeries timeSeries(String code, String interval, LocalDate from, LocalDate to, String region) {
        SeriesInterval series = switch (interval == null ? "" : interval) {
            case "day" -> SeriesInterval.DAY;
            case "week" -> SeriesInterval.WEEK;
            case "month" -> SeriesInterval.MONTH;
            default -> throw LedgerException.invalid("interval", "must be one of day, week, month");
        };
        ChronoUnit unit = switch (series) {
            case DAY -> ChronoUnit.DAYS;
            case WEEK -> ChronoUnit.WEEKS;
            case MONTH -> ChronoUnit.MONTHS;
        };
        DateRange.ordered("from", from, "to", to);
        return snapshot.shared(new SeriesKey(code, interval, from, to, region), c -> {
            CampaignPeriod campaign = CampaignPeriod.find(c, code);
            LocalDate start = from != null ? from : campaign.startsOn();
            LocalDate end = to != null ? to : campaign.endsOn() != null ? campaign.endsOn() : clock.today();
            if (end.isBefore(start)) {
                end = start;
            }
            LocalDate first = bucket(start, unit);
            if (unit.between(first, end) >= MAX_POINTS) {
                throw LedgerException.invalid("from", "the range holds more than " + MAX_POINTS + " buckets");
            }
            Map<LocalDate, Figures> sums = totals.series(c, campaign.id(), series, start, end, region);
            List<Point> points = new ArrayList<>();
            BigDecimal cumulative = BigDecimal.ZERO;
            for (LocalDate period = first; !period.isAfter(end); period = period.plus(1, unit)) {
                Figures sum = sums.getOrDefault(period, Figures.NONE);
                cumulative = cumulative.add(sum.amountIdr());
                points.add(new Point(period, Money.format(sum.amountIdr()), sum.saleCount(),
                        Money.format(cumulative)));
            }
            return new TimeSeries(code, interval, start, end, region, clock.zone().getId(), List.copyOf(points));
        });
    }

    /** The first day of the bucket holding a day: weeks start on Monday. */
    static LocalDate bucket(LocalDate day, ChronoUnit unit) {
        return switch (unit) {
            case WEEKS -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHS -> day.withDayOfMonth(1);
            default -> day;
        };
    }
}
