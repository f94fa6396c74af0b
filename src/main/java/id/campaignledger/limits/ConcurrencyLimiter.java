package id.campaignledger.limits;

import id.campaignledger.common.LedgerConfig;
import id.campaignledger.common.RateLimitedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * How many requests of one caller may work at once on this replica. The connection pool is
 * shared; without this, one partner's burst (150 reversals of one sale at once) takes every
 * connection and other partners' plain reads time out. A caller over its share is told to slow
 * down (429 with Retry-After) at once, before it holds anything.
 */
@ApplicationScoped
public class ConcurrencyLimiter {

    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final int perCaller;
    private final Map<String, Integer> partners;

    @Inject
    public ConcurrencyLimiter(LedgerConfig config) {
        this(config.concurrency().perCaller(), config.concurrency().partners());
    }

    ConcurrencyLimiter(int perCaller, Map<String, Integer> partners) {
        this.perCaller = perCaller;
        this.partners = partners;
    }

    /**
     * A permit for the caller ("partner:code", "admin:code", "address:ip"), to be released when its
     * request ends; or a 429. One semaphore per caller seen; callers are partners, the bootstrap
     * administrator and client addresses that the rate limiter already bounds.
     */
    public Permit enter(String caller) {
        Semaphore semaphore = permits.computeIfAbsent(caller, c -> new Semaphore(share(c)));
        if (!semaphore.tryAcquire()) {
            throw new TooManyAtOnce();
        }
        return new Permit(semaphore);
    }

    private int share(String caller) {
        if (caller.startsWith("partner:")) {
            return partners.getOrDefault(caller.substring("partner:".length()), perCaller);
        }
        return perCaller;
    }

    /** Held for one request; releasing twice is harmless. */
    public static final class Permit {
        private Semaphore semaphore;

        Permit(Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        public synchronized void release() {
            if (semaphore != null) {
                semaphore.release();
                semaphore = null;
            }
        }
    }

    /** 429: the caller has its share of requests in progress; one second is plenty for one to finish. */
    static final class TooManyAtOnce extends RateLimitedException {
        TooManyAtOnce() {
            super(1);
        }
    }

}
