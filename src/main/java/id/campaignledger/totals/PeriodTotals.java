package id.campaignledger.totals;

import id.campaignledger.common.db.Sql;
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
     * 7 × currencies rows per partner. Edge days come from the daily totals of the same kind.
     */
    enum Months {
        BY_REGION("ledger_region_monthly", "region_code", "ledger_daily"),
        BY_REGION_CHANNEL_CURRENCY("ledger_monthly", "region_code, channel, currency", "ledger_daily"),
        /** Exports with a destination have daily and monthly totals of their own. */
        BY_DESTINATION("ledger_destination_monthly", "destination_country", "ledger_destination_daily");

        final String table;
        final String columns;
        final String daily;

        Months(String table, String columns, String daily) {
            this.table = table;
            this.columns = columns;
            this.daily = daily;
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
     * The bucket rows of one campaign: three parts, each a plain range of the primary key: the
     * whole months, the days before them and the days after them. Named parameters
     * {@code :campaign} and those {@link #bind} sets.
     */
    static String sql(Months months) {
        String columns = months.columns + ", amount_idr, sale_count";
        return "select " + columns + " from " + months.table
                + " where campaign_id = :campaign and month >= :monthsFrom and month < :monthsUntil"
                + " union all select " + columns + " from " + months.daily
                + " where campaign_id = :campaign and day >= :headFrom and day < :headUntil"
                + " union all select " + columns + " from " + months.daily
                + " where campaign_id = :campaign and day >= :tailFrom and day < :tailUntil";
    }

    /** Sets the ranges of {@link #sql}. */
    void bind(Sql.Bound s) {
        s.set("monthsFrom", fullMonthsFrom).set("monthsUntil", wholeMonthsUntil())
                .set("headFrom", start).set("headUntil", headUntil())
                .set("tailFrom", tailFrom()).set("tailUntil", afterEnd());
    }
}
