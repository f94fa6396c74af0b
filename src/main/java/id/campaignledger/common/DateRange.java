package id.campaignledger.common;

import java.time.LocalDate;

/**
 * An inclusive range of days, as campaigns, targets and read periods have them; a null end is
 * open. The one place that says whether a range covers a day.
 */
public record DateRange(LocalDate start, LocalDate end) {

    /** A range whose start may be open too (all time before the end). */
    public static DateRange of(LocalDate start, LocalDate end) {
        return new DateRange(start, end);
    }

    /** The range, or a 400 naming {@code endField} when the end comes before the start. */
    public static DateRange ordered(String startField, LocalDate start, String endField, LocalDate end) {
        if (start != null && end != null && end.isBefore(start)) {
            throw LedgerException.invalid(endField, "must not be before " + startField);
        }
        return new DateRange(start, end);
    }

    public boolean covers(LocalDate day) {
        return (start == null || !day.isBefore(start)) && (end == null || !day.isAfter(end));
    }

    @Override
    public String toString() {
        return (start == null ? "open" : start.toString()) + " to " + (end == null ? "open" : end.toString());
    }
}
