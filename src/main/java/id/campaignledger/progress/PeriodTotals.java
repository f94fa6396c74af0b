package id.campaignledger.progress;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.stream.Stream;

/**
 * The buckets that add up to a period of whole days: monthly totals for the months the period
 * covers in full, daily totals for the days before the first and after the last full month.
 * A year costs twelve monthly rows per bucket key; a period from the 15th to the 14th costs
 * about a month of daily rows and at most eleven monthly ones.
 *
 * <p>{@link #sql} is a union of the bucket rows with the columns of the chosen {@link Months},
 * amount_idr and sale_count, for the caller to filter further and aggregate.
 */
record PeriodTotals(LocalDate start, LocalDate end, LocalDate fullMonthsFrom, LocalDate fullMonthsUntil) {

    /** Before any campaign and after any campaign: no period means all time. */
    static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
    static final LocalDate LATEST = LocalDate.of(9999, 11, 30);

    /**
     * Which monthly totals answer the whole months. The fewer columns a read needs, the fewer rows
     * it reads: per region, a month has one row per partner; with channel and currency, up to
     * 7 × currencies rows per partner. Edge days always come from the daily totals.
     */
    enum Months {
        BY_REGION("ledger_region_monthly", "region_code"),
        BY_REGION_CHANNEL_CURRENCY("ledger_monthly", "region_code, channel, currency");

        final String table;
        final String columns;

        Months(String table, String columns) {
            this.table = table;
            this.columns = columns;
        }
    }

    /** The inclusive period {@code [start, end]}; null ends are open. */
    static PeriodTotals of(LocalDate start, LocalDate end) {
        LocalDate from = start == null ? EARLIEST : start;
        LocalDate to = end == null ? LATEST : end;
        LocalDate firstFull = from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
        LocalDate afterLastFull = to.plusDays(1).withDayOfMonth(1);
        return new PeriodTotals(from, to, firstFull, afterLastFull);
    }

    /** The day after the period. */
    LocalDate afterEnd() {
        return end.plusDays(1);
    }

    boolean hasWholeMonths() {
        return fullMonthsFrom.isBefore(fullMonthsUntil);
    }

    /** The end (exclusive) of the whole months; equal to their start when there are none. */
    LocalDate wholeMonthsUntil() {
        return hasWholeMonths() ? fullMonthsUntil : fullMonthsFrom;
    }

    /** The end (exclusive) of the days before the whole months: all the days when there are none. */
    LocalDate headUntil() {
        return hasWholeMonths() ? fullMonthsFrom : afterEnd();
    }

    /** The start of the days after the whole months: empty when there are none. */
    LocalDate tailFrom() {
        return hasWholeMonths() ? fullMonthsUntil : afterEnd();
    }

    /** The days read from the daily totals, in order: at most two months' worth. */
    Stream<LocalDate> edgeDays() {
        return Stream.concat(start.datesUntil(headUntil()), tailFrom().datesUntil(afterEnd()));
    }

    /**
     * The bucket rows of one campaign with {@code condition} applied to each part (it may name
     * the columns of {@code months}, and takes the same parameters in each part). Three parts,
     * each a plain range of the primary key: the whole months, the days before them and the days
     * after them.
     */
    static String sql(Months months, String condition) {
        String days = " select " + months.columns + ", amount_idr, sale_count from ledger_daily"
                + " where campaign_id = ? and day >= ? and day < ? and " + condition;
        return "select " + months.columns + ", amount_idr, sale_count from " + months.table
                + " where campaign_id = ? and month >= ? and month < ? and " + condition
                + " union all" + days + " union all" + days;
    }

    /**
     * Binds the three parts from {@code first}, each followed by the condition's parameters.
     * Returns the next free parameter index.
     */
    int bind(PreparedStatement s, int first, int campaignId, ConditionBinder condition) throws SQLException {
        int i = range(s, first, campaignId, fullMonthsFrom, wholeMonthsUntil(), condition);
        i = range(s, i, campaignId, start, headUntil(), condition);
        return range(s, i, campaignId, tailFrom(), afterEnd(), condition);
    }

    private static int range(PreparedStatement s, int first, int campaignId, LocalDate from, LocalDate until,
            ConditionBinder condition) throws SQLException {
        s.setInt(first, campaignId);
        s.setObject(first + 1, from);
        s.setObject(first + 2, until);
        return condition.bind(s, first + 3);
    }

    /** Binds a condition's parameters from an index; returns the next free index. */
    @FunctionalInterface
    interface ConditionBinder {
        int bind(PreparedStatement s, int first) throws SQLException;
    }
}
