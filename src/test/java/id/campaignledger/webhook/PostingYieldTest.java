package id.campaignledger.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PostingYieldTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void takesEverythingWhileNothingIsBeingPosted() {
        PostingYield yield = new PostingYield(100, Duration.ofSeconds(60));
        assertEquals(PostingYield.UNLIMITED, yield.allowance(at(0), 7));
        assertEquals(PostingYield.UNLIMITED, yield.allowance(at(100), 7));
        assertEquals(PostingYield.UNLIMITED, yield.allowance(at(5_000), 7));
        assertFalse(yield.yielding(at(5_000)));
        assertFalse(yield.heldBack());
    }

    @Test
    void whileEntriesArriveTakesAtMostTheRateInWholeRowsThatFit() {
        PostingYield yield = new PostingYield(100, Duration.ofSeconds(60));
        yield.allowance(at(0), 1);
        assertFalse(yield.heldBack(), "one arrival is no stream yet");
        assertEquals(100, yield.allowance(at(100), 2), "a full second's worth at first");
        assertTrue(yield.heldBack(), "only whole rows within the allowance");
        assertTrue(yield.yielding(at(100)));
        yield.took(60, false);
        assertEquals(50, yield.allowance(at(200), 3), "40 left, 10 more for the tenth of a second");
        yield.took(50, true);
        assertEquals(0, yield.allowance(at(205), 4), "half an event's worth");
        assertEquals(10, yield.allowance(at(305), 5));
    }

    @Test
    void aRowLargerThanTheAllowanceWaitsForTheWindowsEndWhilePostingGoesOnAndNotLonger() {
        PostingYield yield = new PostingYield(50, Duration.ofSeconds(60));
        long arrivals = 0;
        yield.allowance(at(0), arrivals);
        for (long ms = 100; ms < 60_100; ms += 100) {
            int allowed = yield.allowance(at(ms), ++arrivals);
            assertTrue(yield.heldBack() && allowed <= 50, "at " + ms + " ms");
            // A batch's row of 1,000 is in front: nothing fits. The pass asked for more than it
            // got, which would end a window that had caught up; this one has not.
            yield.took(0, false);
        }
        assertEquals(PostingYield.UNLIMITED, yield.allowance(at(60_100), ++arrivals), "60 s after it began");
        assertFalse(yield.heldBack(), "the row is taken whole now");
    }

    @Test
    void postingThatStopsForASecondEndsTheYieldAtOnce() {
        PostingYield yield = new PostingYield(100, Duration.ofSeconds(60));
        yield.allowance(at(0), 1);
        yield.allowance(at(100), 2);
        yield.took(1_000, true);
        assertEquals(0, yield.allowance(at(900), 2), "arrived 800 ms ago: still posting");
        yield.took(0, true);
        assertEquals(PostingYield.UNLIMITED, yield.allowance(at(1_100), 2), "nothing for a second");
        assertFalse(yield.yielding(at(1_100)));
    }

    @Test
    void noEventWaitsBeyondTheMaximumDelayWhilePostingGoesOn() {
        PostingYield yield = new PostingYield(100, Duration.ofSeconds(60));
        long arrivals = 0;
        yield.allowance(at(0), arrivals);
        for (long ms = 100; ms < 60_100; ms += 100) {
            int allowed = yield.allowance(at(ms), ++arrivals);
            assertTrue(allowed < PostingYield.UNLIMITED, "at " + ms + " ms");
            yield.took(Math.min(allowed, 50), true);
        }
        assertEquals(PostingYield.UNLIMITED, yield.allowance(at(60_100), ++arrivals), "60 s after it began");
        yield.took(50, true); // a backlog is left: it keeps catching up
        assertEquals(PostingYield.UNLIMITED, yield.allowance(at(60_200), ++arrivals));
        yield.took(10, false); // caught up: a new window begins with the next arrivals
        int allowed = yield.allowance(at(60_300), ++arrivals);
        assertTrue(allowed >= 1 && allowed < PostingYield.UNLIMITED, "held back, not stopped: " + allowed);
    }

    @Test
    void whatWasDeliveredAtFullSpeedIsNotChargedToTheNextBurst() {
        PostingYield yield = new PostingYield(100, Duration.ofSeconds(60));
        yield.allowance(at(0), 1);
        assertEquals(PostingYield.UNLIMITED, yield.allowance(at(2_000), 1), "posting stopped");
        yield.took(50_000, false); // the backlog of the burst before, delivered at once
        yield.allowance(at(2_100), 1);
        yield.took(0, false);
        assertEquals(100, yield.allowance(at(2_200), 2), "the next burst is held back to the rate, not to nothing");
    }

    @Test
    void aRateOfZeroNeverHoldsBack() {
        PostingYield yield = new PostingYield(0, Duration.ofSeconds(60));
        yield.allowance(at(0), 1);
        for (long ms = 100; ms < 2_000; ms += 100) {
            assertEquals(PostingYield.UNLIMITED, yield.allowance(at(ms), ms));
            yield.took(1_000, true);
        }
    }
}
