package id.campaignledger.attest;

import id.campaignledger.common.LedgerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the sealer every ledger.attestation.seal-interval and signs a checkpoint every
 * checkpoint-interval, on one thread of their own. A failed round (the database away) is logged
 * and the next round tries again; nothing is lost, since the queue is in the database.
 */
@ApplicationScoped
public class AttestationJobs {

    private static final Logger LOG = Logger.getLogger(AttestationJobs.class);

    @Inject
    LedgerConfig config;

    @Inject
    Sealer sealer;

    @Inject
    Checkpointer checkpointer;

    private ScheduledExecutorService executor;

    void start(@Observes StartupEvent event) {
        if (!config.attestation().enabled()) {
            LOG.info("Sealing is switched off (ledger.attestation.enabled=false): entries are queued, not sealed");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ledger-sealer");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::seal, config.attestation().sealInterval().toMillis(),
                config.attestation().sealInterval().toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::checkpoint, config.attestation().checkpointInterval().toMillis(),
                config.attestation().checkpointInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void seal() {
        try {
            sealer.sealAll();
        } catch (Exception e) {
            LOG.warnf("Sealing round failed, the next one retries: %s", e.getMessage());
        }
    }

    private void checkpoint() {
        try {
            seal();
            checkpointer.sign(false).ifPresent(c -> LOG.infof("Checkpoint %d signed at chain seq %d", c.seq(),
                    c.headSeq()));
        } catch (Exception e) {
            LOG.warnf("Signing a checkpoint failed, the next interval retries: %s", e.getMessage());
        }
    }
}
