package id.campaignledger.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyCacheTest {

    private final KeyCache cache = new KeyCache(Duration.ofMinutes(1), Duration.ofMinutes(1));

    @Test
    void anUnknownKeyIsLookedUpOnceWhilePresentedAgainAndAgain() {
        byte[] garbage = ApiKeys.digest("garbage-key-0123456789abcdef");
        AtomicInteger lookUps = new AtomicInteger();
        assertFalse(cache.answersFromMemory(garbage));
        for (int i = 0; i < 1_000; i++) {
            assertTrue(cache.get(garbage, () -> {
                lookUps.incrementAndGet();
                return Optional.empty();
            }).isEmpty());
        }
        assertEquals(1, lookUps.get(), "database look-ups for 1,000 requests with one garbage key");
        assertTrue(cache.answersFromMemory(garbage));
    }

    @Test
    void clearingForgetsUnknownKeysToo() {
        byte[] digest = ApiKeys.digest("soon-known-0123456789abcdef");
        cache.get(digest, Optional::empty);
        cache.clear();
        Caller partner = new Caller(1, "p", EnumSet.of(Role.PARTNER));
        assertEquals(Optional.of(partner), cache.get(digest, () -> Optional.of(partner)));
    }

    @Test
    void withoutACacheEveryKeyIsLookedUp() {
        KeyCache off = new KeyCache(Duration.ZERO, Duration.ofMinutes(1));
        AtomicInteger lookUps = new AtomicInteger();
        byte[] digest = ApiKeys.digest("garbage-key-0123456789abcdef");
        off.get(digest, () -> {
            lookUps.incrementAndGet();
            return Optional.empty();
        });
        off.get(digest, () -> {
            lookUps.incrementAndGet();
            return Optional.empty();
        });
        assertEquals(2, lookUps.get());
        assertFalse(off.answersFromMemory(digest));
    }
}
