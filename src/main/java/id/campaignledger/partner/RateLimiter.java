package id.campaignledger.partner;

import id.campaignledger.common.RateLimitedException;
import id.campaignledger.common.LedgerConfig;
import id.campaignledger.common.LedgerConfig.RateLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Request allowance per caller: a partner (all its keys together), the bootstrap administrator,
 * or, for calls without a valid key, the client address. The buckets live in this replica's
 * memory, so with N replicas a caller may get up to N times the configured rate.
 */
@ApplicationScoped
public class RateLimiter {

    /** Beyond this many buckets, full ones (idle callers) are forgotten. */
    static final int MAX_BUCKETS = 50_000;

    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final RateLimit config;
    private final LongSupplier clock;

    @Inject
    public RateLimiter(LedgerConfig config) {
        this(config.rateLimit(), System::nanoTime);
    }

    RateLimiter(RateLimit config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Charges one request to the caller, or throws the 429 that tells it when to come back. */
    public void charge(Caller caller, String clientAddress) {
        if (!config.enabled()) {
            return;
        }
        String key;
        RateLimit.Limit own = null;
        if (caller == null) {
            key = "address:" + clientAddress;
        } else if (caller.partnerId() == null) {
            key = "admin:" + caller.code();
        } else {
            key = "partner:" + caller.code();
            own = config.partners().get(caller.code());
        }
        int burst = own == null ? config.burst() : own.burst();
        double perSecond = own == null ? config.requestsPerSecond() : own.requestsPerSecond();
        long now = clock.getAsLong();
        if (buckets.size() >= MAX_BUCKETS) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        long wait = buckets.computeIfAbsent(key, k -> new TokenBucket(burst, perSecond, now)).take(now);
        if (wait > 0) {
            throw new RateLimitedException(wait);
        }
    }
}
