package id.campaignledger.partner;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import id.campaignledger.common.LedgerConfig;
import jakarta.inject.Inject;

/**
 * Known keys for a short while, so a partner's every request does not cost a database round
 * trip. Revocation clears this replica's cache when it commits; other replicas honour it once
 * their entry expires ({@code ledger.auth.cache-ttl}, 0 turns the cache off). Unknown keys are
 * never cached: a key issued a moment ago works at once.
 */
@ApplicationScoped
public class KeyCache {

    private static final int MAX_KEYS = 100_000;

    private final Map<String, Cached> callers = new ConcurrentHashMap<>();
    private final long ttlNanos;

    record Cached(Caller caller, long expiresAt) {
    }

    @Inject
    public KeyCache(LedgerConfig config) {
        this(config.auth().cacheTtl());
    }

    KeyCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    Optional<Caller> get(byte[] digest, Supplier<Optional<Caller>> lookUp) {
        if (ttlNanos <= 0) {
            return lookUp.get();
        }
        String key = HexFormat.of().formatHex(digest);
        long now = System.nanoTime();
        Cached cached = callers.get(key);
        if (cached != null && now - cached.expiresAt() < 0) {
            return Optional.of(cached.caller());
        }
        Optional<Caller> caller = lookUp.get();
        if (caller.isPresent()) {
            if (callers.size() >= MAX_KEYS) {
                callers.clear();
            }
            callers.put(key, new Cached(caller.get(), now + ttlNanos));
        } else {
            callers.remove(key);
        }
        return caller;
    }

    /** Forgets every key; called after a revocation or a change of roles commits. */
    void clear() {
        callers.clear();
    }
}
