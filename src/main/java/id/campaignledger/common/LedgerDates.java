package id.campaignledger.common;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The dates the ledger works with. Java reads years up to ±999,999,999, PostgreSQL stores far
 * fewer and the totals are kept per day and month, so a date outside these years is refused as
 * what it is (out of range) before it reaches any query.
 */
public final class LedgerDates {

    public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    public static final LocalDate LATEST = LocalDate.of(9999, 12, 31);
    static final String RANGE = "must be between " + EARLIEST + " and " + LATEST;

    private LedgerDates() {
    }

    public static boolean inRange(LocalDate date) {
        return !date.isBefore(EARLIEST) && !date.isAfter(LATEST);
    }

    public static boolean inRange(OffsetDateTime dateTime) {
        // Checked in UTC and at its own offset: both readings must be ordinary dates.
        return inRange(dateTime.toLocalDate())
                && inRange(dateTime.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate());
    }

    public static void requireInRange(String field, LocalDate date) {
        if (date != null && !inRange(date)) {
            throw LedgerException.invalid(field, RANGE);
        }
    }

    public static void requireInRange(String field, OffsetDateTime dateTime) {
        if (dateTime != null && !inRange(dateTime)) {
            throw LedgerException.invalid(field, RANGE);
        }
    }
}
