package id.campaignledger.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of webhook delivery ({@code ledger.webhooks.*}). */
@ConfigMapping(prefix = "ledger.webhooks")
public interface WebhookConfig {

    /**
     * Allows plain http and private, loopback and link-local addresses. For development and
     * tests only: in production it would let a subscriber make the service call its own network.
     */
    @WithDefault("false")
    boolean allowPrivateUrls();

    /** Runs the dispatcher in the background. Tests turn it off and drive it themselves. */
    @WithDefault("true")
    boolean dispatcherEnabled();

    /** How long the dispatcher waits before looking again when nothing was due. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Connect and response timeout of one delivery attempt. */
    @WithDefault("15s")
    Duration timeout();

    /** Messages one dispatcher claims at a time. */
    @WithDefault("50")
    int batchSize();

    /** Deliveries one replica sends at once. */
    @WithDefault("4")
    int senders();

    /** How long the old secret still signs after a rotation when the request does not say. */
    @WithDefault("24h")
    Duration rotationGrace();

    /** Subscriptions one owner may have. */
    @WithDefault("20")
    int maxSubscriptionsPerOwner();
}
