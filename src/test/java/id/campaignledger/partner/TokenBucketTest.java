package id.campaignledger.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theBurstPassesThenTheCallerWaitsForTheRefill() {
        TokenBucket bucket = new TokenBucket(3, 0.5, 0);
        assertEquals(0, bucket.take(0));
        assertEquals(0, bucket.take(0));
        assertEquals(0, bucket.take(0));
        assertEquals(2, bucket.take(0), "one token takes 2 s at 0.5 per second");
        assertEquals(1, bucket.take(SECOND), "half a token is there after 1 s");
        assertEquals(0, bucket.take(2 * SECOND));
        assertEquals(2, bucket.take(2 * SECOND));
    }

    @Test
    void anIdleBucketRefillsOnlyUpToItsBurst() {
        TokenBucket bucket = new TokenBucket(2, 100, 0);
        bucket.take(0);
        assertFalse(bucket.isFull(0));
        assertTrue(bucket.isFull(3600 * SECOND));
        assertEquals(0, bucket.take(3600 * SECOND));
        assertEquals(0, bucket.take(3600 * SECOND));
        assertEquals(1, bucket.take(3600 * SECOND), "a fraction of a second still answers Retry-After 1");
    }

    @Test
    void aBucketNeedsABurstAndARate() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, 0));
    }
}
