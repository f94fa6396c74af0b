package id.campaignledger.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's clock under test: the system clock, moved on by {@link #advance} when a test
 * needs "later" to be later, instead of sleeping. Being a {@link Clock} bean, it replaces the
 * system clock the service uses by default; time only ever moves forward.
 */
@Singleton
public class TestClock extends Clock {

    private final AtomicLong aheadNanos = new AtomicLong();

    /** Every later reading, by the service and by the test, is this much further on. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        aheadNanos.addAndGet(by.toNanos());
    }

    @Override
    public Instant instant() {
        return Instant.now().plusNanos(aheadNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        TestClock self = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return self.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }
        };
    }
}
