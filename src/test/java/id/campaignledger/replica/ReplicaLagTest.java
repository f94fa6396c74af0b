package id.campaignledger.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lag from WAL positions: probes at explicit instants, no clock. */
class ReplicaLagTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void aReplicaThatHasReplayedWhatThePrimaryHadHasNoLag() {
        ReplicaLag lag = new ReplicaLag(100);
        assertEquals(Duration.ZERO, lag.observe(at(0), 1_000, 1_000));
        assertEquals(Duration.ZERO, lag.observe(at(1_000), 2_000, 2_500));
    }

    @Test
    void anIdlePrimaryDoesNotMakeAnOldLastCommitLookLikeLag() {
        ReplicaLag lag = new ReplicaLag(100);
        lag.observe(at(0), 1_000, 1_000);
        // An hour without writes: positions unchanged, nothing to replay.
        assertEquals(Duration.ZERO, lag.observe(at(3_600_000), 1_000, 1_000));
    }

    @Test
    void theLagIsTheAgeOfTheNewestPrimaryPositionTheReplicaHasPassed() {
        ReplicaLag lag = new ReplicaLag(100);
        lag.observe(at(0), 1_000, 1_000);
        assertEquals(Duration.ofMillis(1_000), lag.observe(at(1_000), 2_000, 1_500));
        assertEquals(Duration.ofMillis(2_000), lag.observe(at(2_000), 3_000, 1_500));
        // The replica passes the position of the probe at 1 s: it is now 2 s behind, not 3.
        assertEquals(Duration.ofMillis(2_000), lag.observe(at(3_000), 4_000, 2_000));
        assertEquals(Duration.ZERO, lag.observe(at(4_000), 4_000, 4_000));
    }

    @Test
    void aReplicaThatStopsReplayingGrowsOlderHoweverManyProbesCome() {
        ReplicaLag lag = new ReplicaLag(3);
        lag.observe(at(0), 1_000, 1_000);
        // Replay stops at 1,000 while the primary writes on, probed far more often than the capacity allows for.
        for (int ms = 1; ms <= 9_999; ms += 7) {
            lag.observe(at(ms), 1_000 + ms, 1_000);
        }
        assertEquals(Duration.ofMillis(10_000), lag.observe(at(10_000), 11_000, 1_000));
        // It replays past the probe at 1 ms: behind since then, to the resolution left.
        assertTrue(lag.observe(at(10_001), 11_000, 1_001).compareTo(Duration.ofMillis(9_000)) >= 0);
        assertEquals(Duration.ZERO, lag.observe(at(10_002), 11_000, 11_000));
    }

    @Test
    void afterAResetTheLagCountsFromTheFirstProbeAgain() {
        ReplicaLag lag = new ReplicaLag(100);
        lag.observe(at(0), 1_000, 500);
        lag.reset();
        assertEquals(Duration.ZERO, lag.observe(at(5_000), 2_000, 1_000));
    }
}
