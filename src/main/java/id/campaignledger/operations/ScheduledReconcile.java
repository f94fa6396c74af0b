package id.campaignledger.operations;

import id.campaignledger.common.LedgerConfig;
import id.campaignledger.totals.Reconcile;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Reconciles every campaign's maintained totals against its entries on a schedule, so that a
 * mismatch raises an alert instead of waiting for someone to ask. One replica at a time runs it
 * (a PostgreSQL advisory lock), at most once per interval across all replicas (the last run is in
 * reconcile_run); every replica exports the newest run's outcome:
 * {@code ledger_reconcile_differences}, {@code ledger_reconcile_failed_campaigns},
 * {@code ledger_reconcile_last_run_timestamp_seconds}, and counts its own runs in
 * {@code ledger_reconcile_runs_total{outcome}}.
 */
@ApplicationScoped
public class ScheduledReconcile {

    private static final Logger LOG = Logger.getLogger(ScheduledReconcile.class);
    /** Advisory lock key: "ledger reconcile" as a number no other code of this service uses. */
    static final long LOCK_KEY = 0x4c65646765725263L;

    public enum Outcome { CLEAN, MISMATCH, FAILED, SKIPPED }

    public record Run(Outcome outcome, int campaigns, int differences, int failed) {
    }

    @Inject
    LedgerConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Reconcile reconcile;

    @Inject
    MeterRegistry registry;

    private volatile double differences = Double.NaN;
    private volatile double failed = Double.NaN;
    private volatile double lastRun = 0;
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        Gauge.builder("ledger.reconcile.differences", () -> differences)
                .description("Totals rows that differ from their entries at the newest scheduled reconciliation")
                .register(registry);
        Gauge.builder("ledger.reconcile.failed.campaigns", () -> failed)
                .description("Campaigns the newest scheduled reconciliation could not check")
                .register(registry);
        Gauge.builder("ledger.reconcile.last.run.timestamp.seconds", () -> lastRun)
                .description("When the newest scheduled reconciliation finished (epoch seconds; 0: never)")
                .register(registry);
        for (Outcome o : Outcome.values()) {
            runs(o);
        }
        if (config.operations().reconcile().every().isZero()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ledger-reconcile");
            t.setDaemon(true);
            return t;
        });
        long check = Math.max(1, config.operations().reconcile().check().toSeconds());
        timer.scheduleWithFixedDelay(this::tick, check, check, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private Counter runs(Outcome outcome) {
        return Counter.builder("ledger.reconcile.runs")
                .description("Scheduled reconciliations this replica ran or skipped, by outcome")
                .tag("outcome", outcome.name().toLowerCase())
                .register(registry);
    }

    private void tick() {
        try {
            if (due()) {
                runNow();
            } else {
                refresh();
            }
        } catch (RuntimeException | SQLException e) {
            // The database may be away; the next tick tries again.
            LOG.debugf("scheduled reconcile tick failed: %s", e);
        }
    }

    private boolean due() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select coalesce(max(finished_at) <= now() - ?::interval, true) from reconcile_run")) {
            s.setString(1, config.operations().reconcile().every().toSeconds() + " seconds");
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    /** Runs a reconciliation of every campaign unless another replica is running one. */
    public Run runNow() {
        Run run;
        try (Connection lock = dataSource.getConnection()) {
            if (!tryLock(lock)) {
                runs(Outcome.SKIPPED).increment();
                return new Run(Outcome.SKIPPED, 0, 0, 0);
            }
            try {
                run = reconcileAll(lock);
            } finally {
                try (Statement s = lock.createStatement()) {
                    s.execute("select pg_advisory_unlock(" + LOCK_KEY + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the scheduled reconciliation could not run", e);
        }
        runs(run.outcome()).increment();
        refresh();
        if (run.outcome() != Outcome.CLEAN) {
            LOG.warnf("scheduled reconciliation: %s, %d differences, %d of %d campaigns not checked",
                    run.outcome(), run.differences(), run.failed(), run.campaigns());
        }
        return run;
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select pg_try_advisory_lock(" + LOCK_KEY + ")")) {
            r.next();
            return r.getBoolean(1);
        }
    }

    private Run reconcileAll(Connection c) throws SQLException {
        Instant started = Instant.now();
        List<String> campaigns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select code from campaign order by code")) {
            while (r.next()) {
                campaigns.add(r.getString(1));
            }
        }
        int differences = 0;
        int failed = 0;
        for (String campaign : campaigns) {
            try {
                differences += reconcile.reconcile(campaign).differences().size();
            } catch (RuntimeException e) {
                failed++;
                LOG.debugf("reconcile of a campaign failed: %s", e);
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                insert into reconcile_run (started_at, finished_at, campaigns, differences, failed)
                values (?, greatest(?, now()), ?, ?, ?)""")) {
            s.setTimestamp(1, Timestamp.from(started));
            s.setTimestamp(2, Timestamp.from(started));
            s.setInt(3, campaigns.size());
            s.setInt(4, differences);
            s.setInt(5, failed);
            s.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.execute("delete from reconcile_run where finished_at < now() - interval '30 days'");
        }
        Outcome outcome = failed > 0 ? Outcome.FAILED : differences > 0 ? Outcome.MISMATCH : Outcome.CLEAN;
        return new Run(outcome, campaigns.size(), differences, failed);
    }

    /** The newest run's outcome into the gauges. */
    void refresh() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "select differences, failed, extract(epoch from finished_at) from reconcile_run "
                        + "order by finished_at desc, id desc limit 1")) {
            if (r.next()) {
                differences = r.getInt(1);
                failed = r.getInt(2);
                lastRun = r.getDouble(3);
            }
        } catch (SQLException e) {
            LOG.debugf("could not read the newest reconciliation: %s", e);
        }
    }
}
