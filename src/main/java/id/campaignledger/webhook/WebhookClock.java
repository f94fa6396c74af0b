package id.campaignledger.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The time the dispatcher schedules by. Tests replace it (QuarkusMock) to walk through the retry
 * schedule, hours long, without waiting.
 */
@ApplicationScoped
public class WebhookClock {

    public Instant now() {
        return Instant.now();
    }
}
