package id.campaignledger.imports;

import id.campaignledger.common.LedgerConfig;
import id.campaignledger.common.ProblemMapper;
import id.campaignledger.common.RateLimitedException;
import id.campaignledger.imports.ImportRecords.ImportCompleted;
import id.campaignledger.partner.Caller;
import id.campaignledger.partner.RateLimiter;
import id.campaignledger.partner.Role;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Works import jobs in the background, one chunk per transaction. Any replica may work any job:
 * a job is claimed with a lease (FOR UPDATE SKIP LOCKED), each chunk renews it, and a job whose
 * holder died is taken up again once the lease runs out, from the first chunk not yet done.
 * Every chunk is charged to the partner's rate limit like one batch of 1,000; a partner over its
 * limit waits, its job is put back for the time the limit names.
 */
@ApplicationScoped
public class ImportWorker {

    private static final Logger LOG = Logger.getLogger(ImportWorker.class);

    @Inject
    LedgerConfig config;

    @Inject
    ImportJobs jobs;

    @Inject
    ImportStore store;

    @Inject
    RateLimiter limiter;

    @Inject
    Event<ImportCompleted> completed;

    private final String owner = "worker-" + UUID.randomUUID();
    private final Object signal = new Object();
    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        if (!config.imports().workerEnabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "import-worker");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wake();
    }

    /** A job was accepted here: no need to wait for the next poll. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            boolean worked = false;
            try {
                Optional<UUID> job = store.claim(owner, ImportJobs.LEASE_SECONDS);
                if (job.isPresent()) {
                    work(job.get());
                    worked = true;
                }
            } catch (RuntimeException e) {
                LOG.warnf("import worker: %s; trying again shortly", ProblemMapper.describeFailure(e));
            }
            if (!worked) {
                synchronized (signal) {
                    try {
                        signal.wait(config.imports().pollInterval().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private void work(UUID job) {
        while (running) {
            ImportJobs.Worked worked;
            try {
                long wait = charge(job);
                if (wait > 0) {
                    store.release(job, owner, wait);
                    return;
                }
                worked = jobs.workNext(job, owner);
            } catch (RuntimeException e) {
                if (transient_(e)) {
                    LOG.warnf("import %s: %s; it resumes when the lease runs out", job, ProblemMapper.describeFailure(e));
                    return;
                }
                LOG.errorf(e, "import %s failed", job);
                jobs.fail(job, "The import stopped on an unexpected failure; the lines before it are posted.");
                return;
            }
            if (worked.completed() != null) {
                completed.fire(worked.completed());
            }
            if (!worked.more()) {
                return;
            }
        }
    }

    /** One token per chunk from the partner's rate limit; the seconds to wait when there is none. */
    private long charge(UUID job) {
        Optional<ImportStore.Owner> partner = store.ownerOf(job);
        if (partner.isEmpty()) {
            return 0;
        }
        try {
            limiter.charge(new Caller(partner.get().partnerId(), partner.get().code(), EnumSet.of(Role.PARTNER)),
                    "import-worker");
            return 0;
        } catch (RateLimitedException e) {
            return e.retryAfterSeconds();
        }
    }

    private static boolean transient_(Throwable e) {
        return ProblemMapper.isDatabaseUnavailable(e) || ProblemMapper.isPoolExhausted(e)
                || ProblemMapper.isLockTimeout(e) || ProblemMapper.isStatementTimeout(e);
    }
}
