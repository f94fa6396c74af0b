package id.campaignledger.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the service, in one place (application.properties documents each; environment
 * variables follow the usual rule, e.g. {@code LEDGER_TIME_ZONE}). Feature packages take the part
 * they need; nothing reads a {@code ledger.*} property by name.
 */
@ConfigMapping(prefix = "ledger")
public interface LedgerConfig {

    /** The zone whose calendar days campaigns, targets and daily totals are counted in. */
    @WithDefault("Asia/Jakarta")
    ZoneId timeZone();

    /** The bootstrap administrator key (at least 24 characters), if any. */
    Optional<String> adminApiKey();

    Dashboard dashboard();

    Http http();

    Auth auth();

    RateLimit rateLimit();

    Posting posting();

    Demo demo();

    EmbeddedPostgres embeddedPostgres();

    Concurrency concurrency();

    Imports imports();

    Replica replica();

    Attestation attestation();

    Operations operations();

    /** Webhook delivery ({@code ledger.webhooks.*}); see docs/webhooks.md. */
    Webhooks webhooks();

    /** Target milestones ({@code ledger.milestones.*}); see docs/webhooks.md. */
    Milestones milestones();

    interface Dashboard {
        /** Anonymous callers may read the dashboard's endpoints. */
        @WithName("public")
        @WithDefault("false")
        boolean open();
    }

    interface Http {
        @WithDefault("1M")
        MemorySize maxBodySize();

        @WithDefault("100M")
        MemorySize maxImportBodySize();
    }

    interface Auth {
        /** How long a replica trusts a key it looked up; 0 looks every key up every time. */
        @WithDefault("10S")
        Duration cacheTtl();

        /** How long a replica remembers that a key is unknown; 0 never remembers it. */
        @WithDefault("5S")
        Duration unknownKeyTtl();
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** Sustained requests per second per caller. */
        @WithDefault("50")
        double requestsPerSecond();

        /** Requests a caller may send at once after being idle. */
        @WithDefault("200")
        int burst();

        /** Limits for particular partners by partner code, e.g. a large marketplace. */
        Map<String, Limit> partners();

        interface Limit {
            double requestsPerSecond();

            int burst();
        }
    }

    interface Posting {
        /** Single posts that share one transaction at most. */
        @WithDefault("64")
        int maxGroup();

        /** Groups flushed at once. */
        @WithDefault("2")
        int groupsAtOnce();
    }

    interface Demo {
        /** Load the demo dataset at start (idempotent). */
        @WithDefault("false")
        boolean enabled();
    }

    /** Read by the dev-mode launcher only; declared so that the settings are known. */
    interface EmbeddedPostgres {
        @WithDefault(".data/postgres")
        Path dataDir();

        @WithDefault("54320")
        int port();
    }

    interface Concurrency {
        /** Requests one caller may have in progress at once, per replica; keep it below the pool size. */
        @WithDefault("8")
        int perCaller();

        /** Shares for particular partners by partner code, e.g. a large marketplace. */
        Map<String, Integer> partners();
    }

    interface Imports {
        /** Whether this replica works import jobs. */
        @WithDefault("true")
        boolean workerEnabled();

        /** How often an idle worker looks for jobs another replica accepted. */
        @WithDefault("2S")
        Duration pollInterval();
    }

    /**
     * Reads from a streaming replica. The replica itself is the named datasource {@code replica}
     * (QUARKUS_DATASOURCE_REPLICA_JDBC_URL, _USERNAME, _PASSWORD); without its URL every read goes to
     * the primary and these settings do nothing.
     */
    interface Replica {
        /**
         * How far behind the primary the replica may be and still serve a read. A read answer may be
         * this much older than the last write; behind it, reads go to the primary.
         */
        @WithDefault("5S")
        Duration maxLag();

        /** How often the lag is measured; it is also the resolution of the measurement. */
        @WithDefault("1S")
        Duration probeInterval();
    }

    /** The hash chain and its checkpoints. */
    interface Attestation {
        /** Seal entries and sign checkpoints at all. Entries are queued either way, so turning it on catches up. */
        @WithDefault("true")
        boolean enabled();

        /** Pause between sealing rounds; a round seals batches until the queue is empty. */
        @WithDefault("250ms")
        Duration sealInterval();

        /** Entries per sealing transaction. */
        @WithDefault("2000")
        int batchSize();

        /** How often a checkpoint is signed (when the chain has grown since the last one). */
        @WithDefault("5m")
        Duration checkpointInterval();

        /** Ed25519 private key, PKCS#8 PEM. Without it a key is generated at start (dev and tests). */
        Optional<String> privateKey();

        /** The matching public key, X.509 PEM. */
        Optional<String> publicKey();
    }

    interface Operations {
        Reconcile reconcile();

        interface Reconcile {
            /** How often the totals are reconciled (across all replicas); 0 turns the schedule off. */
            @WithDefault("1h")
            Duration every();

            /** How often each replica refreshes its metrics from the newest run and checks whether one is due. */
            @WithDefault("1m")
            Duration check();
        }
    }

    interface Webhooks {
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

        /**
         * How long the dispatcher waits before its next pass after one that found less than a
         * batch: a pass costs three commits however few messages it carries, and under a steady
         * trickle of posts back-to-back passes of a few messages each doubled the commits the
         * posts wait behind. Adds at most this much to a message's delivery time.
         */
        @WithDefault("100ms")
        Duration linger();

        /** Connect and response timeout of one delivery attempt. */
        @WithDefault("15s")
        Duration timeout();

        /**
         * How long a replica leaves a subscription's other messages unsent (no attempt counted)
         * after a connection to its receiver could not be made at all.
         */
        @WithDefault("5s")
        Duration unreachablePause();

        /**
         * Posted entries' events a replica delivers per second at most while entries keep being
         * posted, in whole outbox rows that fit (a batch's, larger, waits), for at most
         * {@link #whilePostingMaxDelay}: a burst of posts keeps the cores instead of sharing them
         * with the delivery of its events, which follows. 0: never held back.
         */
        @WithDefault("50")
        int whilePostingRate();

        /** How long delivery is held back at most while entries keep being posted. */
        @WithDefault("60s")
        Duration whilePostingMaxDelay();

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

    interface Milestones {
        /** Evaluates in the background. Tests turn it off and evaluate when they choose. */
        @WithDefault("true")
        boolean enabled();

        /** How often the ledger is looked at for changes. */
        @WithDefault("2s")
        Duration interval();

        /** Evaluates at least this often even when no change was counted (see V31). */
        @WithDefault("60s")
        Duration fullEvery();
    }
}
