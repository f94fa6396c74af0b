package id.campaignledger.replica;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The replica's lag from write-ahead-log positions, not from {@code pg_last_xact_replay_timestamp()}:
 * after an idle hour the last replayed commit is an hour old although the replica is missing
 * nothing, and that timestamp cannot tell.
 *
 * <p>Each probe reads the primary's current WAL position, then the position the replica has
 * replayed up to. Every probe is remembered as (instant, primary position). A replica that has
 * replayed up to a position the primary had reached at instant t holds everything committed
 * before t, so its lag is at most now − t for the latest such t: zero when it has replayed all the
 * primary had at this probe. The resolution is the probe interval. Not thread-safe; one prober.
 */
final class ReplicaLag {

    private record Sample(Instant at, long primaryLsn) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final int capacity;

    /** @param capacity probes remembered; beyond it the lag keeps its start and loses resolution */
    ReplicaLag(int capacity) {
        this.capacity = Math.max(2, capacity);
    }

    /** The lag at {@code now}, given the primary's position read then and the replica's replayed one after it. */
    Duration observe(Instant now, long primaryLsn, long replayedLsn) {
        samples.addLast(new Sample(now, primaryLsn));
        if (replayedLsn >= primaryLsn) {
            samples.clear();
            samples.addLast(new Sample(now, primaryLsn));
            return Duration.ZERO;
        }
        // Drop the samples older than the newest one the replica has passed: they say less.
        Sample passed = null;
        for (Sample s : samples) {
            if (s.primaryLsn() <= replayedLsn) {
                passed = s;
            }
        }
        if (passed != null) {
            while (samples.peekFirst() != passed) {
                samples.removeFirst();
            }
        }
        // Over capacity, forget the second-oldest probe, never the oldest: the lag is measured from
        // the oldest (the newest probe the replica has passed, or the first it has not). Probes
        // closer together than the interval (a read that found the replica down, a test) would
        // otherwise push it out within a second and make a replica whose replay stopped look fresh.
        while (samples.size() > capacity) {
            Sample oldest = samples.removeFirst();
            samples.removeFirst();
            samples.addFirst(oldest);
        }
        // Nothing remembered that the replica has passed: it is at least as old as the oldest probe.
        Instant since = passed != null ? passed.at() : samples.peekFirst().at();
        return Duration.between(since, now);
    }

    /** Forgets every probe, as when the replica was down and its position means nothing now. */
    void reset() {
        samples.clear();
    }
}
