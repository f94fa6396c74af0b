package id.campaignledger.partner;

/**
 * A token bucket: holds up to {@code burst} requests and refills at {@code perSecond}. Time is
 * passed in (nanoseconds, monotonic) so the arithmetic is testable without waiting.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long updatedAt;

    TokenBucket(int burst, double perSecond, long now) {
        if (burst < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("burst must be >= 1 and the rate > 0");
        }
        this.capacity = burst;
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.tokens = burst;
        this.updatedAt = now;
    }

    /** Takes one token; answers 0 when it was there, else the whole seconds until one will be (at least 1). */
    synchronized long take(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        double missingNanos = (1 - tokens) / perNano;
        return Math.max(1, (long) Math.ceil(missingNanos / NANOS_PER_SECOND));
    }

    /** Full again: nothing is lost by forgetting this bucket. */
    synchronized boolean isFull(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(long now) {
        long elapsed = now - updatedAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            updatedAt = now;
        }
    }
}
