package id.campaignledger.common;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reads query parameters from their text so that a bad value is a 400 naming the parameter
 * (JAX-RS would answer a failed conversion with 404).
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw LedgerException.invalid(name, "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    public static UUID uuid(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw LedgerException.invalid(name, "must be a UUID");
        }
    }

    public static OffsetDateTime dateTime(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        OffsetDateTime parsed;
        try {
            parsed = OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw LedgerException.invalid(name, "must be a date-time with offset, e.g. 2023-06-01T10:00:00+07:00");
        }
        LedgerDates.requireInRange(name, parsed);
        return parsed;
    }

    public static int limit(String value, int fallback, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LedgerException.invalid("limit", "must be a whole number from 1 to " + max);
    }

    public static java.time.LocalDate date(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        java.time.LocalDate parsed;
        try {
            parsed = java.time.LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw LedgerException.invalid(name, "must be a date such as 2023-12-31");
        }
        LedgerDates.requireInRange(name, parsed);
        return parsed;
    }
}
