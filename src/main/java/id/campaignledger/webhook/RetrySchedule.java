package id.campaignledger.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * When to try again, and whether to: the Standard Webhooks schedule (at once, then after 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h: ten attempts over about three days).
 */
public final class RetrySchedule {

    /** The wait before each attempt of a round, the first at once. */
    public static final List<Duration> DELAYS = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));

    /** A Retry-After further away than the whole schedule would be a receiver's mistake. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    public enum Verdict {
        /** 2xx. */
        DELIVERED,
        /** 410: the receiver says the endpoint is gone; the subscription is disabled. */
        GONE,
        /** Any other 4xx but 408 and 429: sending the same again will not help. */
        STOP,
        /** 408, 429, 3xx, 5xx, timeouts and network failures. */
        RETRY
    }

    private RetrySchedule() {
    }

    /** The verdict on a response status; null when no response came. */
    public static Verdict verdict(Integer status) {
        if (status == null) {
            return Verdict.RETRY;
        }
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        if (status == 410) {
            return Verdict.GONE;
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return Verdict.STOP;
        }
        return Verdict.RETRY;
    }

    /**
     * After the attempt at position {@code step} (0: the first) of a round failed: when the next
     * is due, or empty when the round is over. A Retry-After is honoured as "not before".
     */
    public static Optional<Instant> next(int step, Instant now, Optional<Duration> retryAfter) {
        if (step + 1 >= DELAYS.size()) {
            return Optional.empty();
        }
        Duration wait = DELAYS.get(step + 1);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            wait = retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter.get();
        }
        return Optional.of(now.plus(wait));
    }

    /** Retry-After as delay-seconds or as an HTTP date; empty when absent or unreadable. */
    public static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.of(MAX_RETRY_AFTER);
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
