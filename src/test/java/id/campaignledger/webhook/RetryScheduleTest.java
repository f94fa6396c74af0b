package id.campaignledger.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.campaignledger.webhook.RetrySchedule.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2023-06-01T03:00:00Z");

    @Test
    void successesGoneStopsAndRetriesByStatus() {
        assertEquals(Verdict.DELIVERED, RetrySchedule.verdict(200));
        assertEquals(Verdict.DELIVERED, RetrySchedule.verdict(204));
        assertEquals(Verdict.DELIVERED, RetrySchedule.verdict(299));
        assertEquals(Verdict.GONE, RetrySchedule.verdict(410));
        assertEquals(Verdict.STOP, RetrySchedule.verdict(400));
        assertEquals(Verdict.STOP, RetrySchedule.verdict(404));
        assertEquals(Verdict.STOP, RetrySchedule.verdict(499));
        assertEquals(Verdict.RETRY, RetrySchedule.verdict(408));
        assertEquals(Verdict.RETRY, RetrySchedule.verdict(429));
        assertEquals(Verdict.RETRY, RetrySchedule.verdict(500));
        assertEquals(Verdict.RETRY, RetrySchedule.verdict(503));
        assertEquals(Verdict.RETRY, RetrySchedule.verdict(302));
        assertEquals(Verdict.RETRY, RetrySchedule.verdict(null));
    }

    @Test
    void tenAttemptsOverAboutThreeDays() {
        Duration[] waits = { Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
            Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24) };
        for (int step = 0; step < waits.length; step++) {
            assertEquals(Optional.of(NOW.plus(waits[step])), RetrySchedule.next(step, NOW, Optional.empty()));
        }
        assertEquals(Optional.empty(), RetrySchedule.next(9, NOW, Optional.empty()), "the tenth attempt is the last");
    }

    @Test
    void retryAfterIsANotBeforeCappedAtADay() {
        assertEquals(Optional.of(NOW.plusSeconds(120)), RetrySchedule.next(0, NOW, Optional.of(Duration.ofSeconds(120))));
        assertEquals(Optional.of(NOW.plus(Duration.ofMinutes(5))),
                RetrySchedule.next(1, NOW, Optional.of(Duration.ofSeconds(1))), "never sooner than the schedule");
        assertEquals(Optional.of(NOW.plus(Duration.ofHours(24))),
                RetrySchedule.next(0, NOW, Optional.of(Duration.ofDays(30))));
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetrySchedule.retryAfter("120", NOW));
        assertEquals(Optional.of(Duration.ofMinutes(10)),
                RetrySchedule.retryAfter("Thu, 01 Jun 2023 03:10:00 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetrySchedule.retryAfter("Thu, 01 Jun 2023 02:00:00 GMT", NOW));
        assertEquals(Optional.empty(), RetrySchedule.retryAfter("soon", NOW));
        assertEquals(Optional.empty(), RetrySchedule.retryAfter(null, NOW));
    }
}
