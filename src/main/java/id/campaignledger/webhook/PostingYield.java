package id.campaignledger.webhook;

import java.time.Duration;
import java.time.Instant;

/**
 * How many posted entries' events a dispatcher pass may take, so that delivery yields to posting
 * for a bounded time. While entries keep arriving (the outbox's arrival counter moved within the
 * last {@link #QUIET}: batches arrive a few a second, passes every 100-500 ms) their events are
 * taken at most {@code ratePerSecond} a second (a token bucket holding one second's worth), in
 * whole outbox rows that fit what the bucket holds ({@link #heldBack}): a batch's row of 1,000
 * entries, more than a second's worth, waits. This lasts at most {@code maxDelay}: after that the
 * passes take all they can until the backlog is gone, and then a new window may begin. Once
 * arrivals stop, everything is taken at once. So a burst of posts or a stream of batches does not
 * share the cores with the delivery of its own events, and no event waits much longer than
 * {@code maxDelay} plus the time to deliver what had gathered. A rate of 0 never yields. Not
 * thread-safe: the dispatcher's one loop calls it.
 */
final class PostingYield {

    /** What {@link #allowance} answers when the pass is not held back. */
    static final int UNLIMITED = Integer.MAX_VALUE;

    /** How long after the last arrival posting counts as over. */
    static final Duration QUIET = Duration.ofSeconds(1);

    private final double ratePerSecond;
    private final Duration maxDelay;
    private long lastArrivals = -1;
    private Instant lastArrival;
    private Instant lastPass;
    private Instant yieldingSince;
    private double tokens;
    /** Whether the last allowance held the pass back: only such a pass spends from the bucket. */
    private boolean limited;

    PostingYield(int ratePerSecond, Duration maxDelay) {
        this.ratePerSecond = ratePerSecond;
        this.maxDelay = maxDelay;
        this.tokens = ratePerSecond;
    }

    /**
     * The most entries' messages the pass starting {@code now} may take, given the outbox's arrival
     * counter: {@link #UNLIMITED}, or what the bucket holds (0: none this pass).
     */
    int allowance(Instant now, long arrivals) {
        if (lastArrivals >= 0 && arrivals != lastArrivals) {
            lastArrival = now;
        }
        lastArrivals = arrivals;
        boolean posting = lastArrival != null && now.isBefore(lastArrival.plus(QUIET));
        if (lastPass != null && now.isAfter(lastPass)) {
            double seconds = Duration.between(lastPass, now).toNanos() / 1e9;
            tokens = Math.min(ratePerSecond, tokens + seconds * ratePerSecond);
        }
        lastPass = now;
        limited = false;
        if (ratePerSecond <= 0 || !posting) {
            yieldingSince = null;
            return UNLIMITED;
        }
        if (yieldingSince == null) {
            yieldingSince = now;
        }
        if (!now.isBefore(yieldingSince.plus(maxDelay))) {
            return UNLIMITED; // waited long enough: catch up
        }
        limited = true;
        return tokens >= 1 ? (int) tokens : 0;
    }

    /**
     * What the pass took: {@code messages} entries' messages, and whether it left any behind that
     * it asked for. A pass that caught up ends the window, except a held-back pass that took
     * nothing: the row in front may be larger than the allowance, and must not wait beyond the
     * window's end. What an unlimited pass took (catching up, or after posting stopped) is not
     * charged: the next window starts with its second's worth, not with a debt of the whole backlog.
     */
    void took(int messages, boolean leftSome) {
        if (limited) {
            tokens -= messages;
        }
        if (!leftSome && !(limited && messages == 0)) {
            yieldingSince = null;
        }
    }

    /**
     * Whether the last {@link #allowance} held the pass back: it then takes only whole rows within
     * the allowance, and a row larger than the bucket can ever hold waits for the window's end.
     */
    boolean heldBack() {
        return limited;
    }

    /** Whether passes are being held back now (a gauge for operators). */
    boolean yielding(Instant now) {
        return yieldingSince != null && now.isBefore(yieldingSince.plus(maxDelay));
    }
}
