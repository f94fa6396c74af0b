package id.campaignledger.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it, so a three-day retry schedule takes no time. */
class TestClock extends WebhookClock {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    @Override
    public Instant now() {
        return now.get();
    }

    void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    /** Catches up with real time (messages written by the database carry its time), never going back. */
    Instant catchUp() {
        Instant real = Instant.now().plusMillis(1);
        return now.updateAndGet(t -> t.isBefore(real) ? real : t);
    }
}
