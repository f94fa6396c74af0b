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
 * remembered for a moment too ({@code ledger.auth.unknown-key-ttl}), so that a flood of garbage
 * keys costs no database work; issuing a key clears this replica's memory of unknown keys, and
 * the digest of a new random key has never been presented anywhere before.
 */
@ApplicationScoped
public class KeyCache {

    private static final int MAX_KEYS = 100_000;

    private final Map<String, Cached> callers = new ConcurrentHashMap<>();
    private final Map<String, Long> unknown = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final long unknownTtlNanos;

    record Cached(Caller caller, long expiresAt) {
    }

    @Inject
    public KeyCache(LedgerConfig config) {
        this(config.auth().cacheTtl(), config.auth().unknownKeyTtl());
    }

    KeyCache(Duration ttl, Duration unknownTtl) {
        this.ttlNanos = ttl.toNanos();
        this.unknownTtlNanos = unknownTtl.toNanos();
    }

    /** True when the answer for this digest (known or unknown) is in memory: no database work. */
    boolean answersFromMemory(byte[] digest) {
        String key = HexFormat.of().formatHex(digest);
        long now = System.nanoTime();
        Cached cached = callers.get(key);
        Long unknownUntil = unknown.get(key);
        return ttlNanos > 0 && ((cached != null && now - cached.expiresAt() < 0)
                || (unknownUntil != null && now - unknownUntil < 0));
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
        Long unknownUntil = unknown.get(key);
        if (unknownUntil != null && now - unknownUntil < 0) {
            return Optional.empty();
        }
        Optional<Caller> caller = lookUp.get();
        if (caller.isPresent()) {
            if (callers.size() >= MAX_KEYS) {
                callers.clear();
            }
            callers.put(key, new Cached(caller.get(), now + ttlNanos));
        } else {
            callers.remove(key);
            if (unknownTtlNanos > 0) {
                if (unknown.size() >= MAX_KEYS) {
                    unknown.clear();
                }
                unknown.put(key, now + unknownTtlNanos);
            }
        }
        return caller;
    }

    /** Forgets every key; called after a revocation or a change of roles commits. */
    void clear() {
        callers.clear();
        unknown.clear();
    }
}
