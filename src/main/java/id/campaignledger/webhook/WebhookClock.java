package id.campaignledger.webhook;

import id.campaignledger.common.LedgerClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * The time the dispatcher schedules by: the service's one clock. It is a bean of its own only so
 * that tests can replace it (QuarkusMock) and walk through the retry schedule, days long, without
 * moving the ledger's time as well.
 */
@ApplicationScoped
public class WebhookClock {

    @Inject
    LedgerClock ledger;

    public Instant now() {
        return ledger.now();
    }
}
