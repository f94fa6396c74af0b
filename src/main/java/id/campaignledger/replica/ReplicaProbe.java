package id.campaignledger.replica;

import id.campaignledger.common.LedgerConfig;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Measures the replica's lag every {@code ledger.replica.probe-interval} on a thread of its own,
 * so that no read waits for a measurement, and publishes it as the gauges
 * {@code ledger_replica_lag_seconds} (NaN while unknown) and {@code ledger_replica_up}.
 */
@ApplicationScoped
public class ReplicaProbe {

    private static final Logger LOG = Logger.getLogger(ReplicaProbe.class);
    private static final String PRIMARY_POSITION = "select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint";
    /** A server that is not in recovery has nothing to replay: it is as fresh as the primary. */
    private static final String REPLAYED_POSITION = """
            select pg_is_in_recovery(), pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint
            """;

    /** What the last probe found. {@code lag} is empty when the replica could not be measured. */
    public record State(boolean up, Optional<Duration> lag, Instant measuredAt) {

        static final State UNKNOWN = new State(false, Optional.empty(), Instant.EPOCH);
    }

    @Inject
    AgroalDataSource primary;

    @Inject
    @DataSource("replica")
    InjectableInstance<AgroalDataSource> replicaSource;

    @Inject
    LedgerConfig config;

    @Inject
    MeterRegistry registry;

    private final Clock clock = Clock.systemUTC();
    private volatile AgroalDataSource replica;
    private volatile State state = State.UNKNOWN;
    private ReplicaLag lag;
    private ScheduledExecutorService prober;

    void start(@Observes StartupEvent event) {
        List<AgroalDataSource> active = replicaSource.listActive();
        if (active.isEmpty()) {
            LOG.info("No read replica configured (QUARKUS_DATASOURCE_REPLICA_JDBC_URL): every read goes to the primary.");
            return;
        }
        replica = active.get(0);
        Duration interval = config.replica().probeInterval();
        // Remember probes for four times the maximum lag: enough to measure any lag that matters.
        lag = new ReplicaLag((int) Math.min(10_000, 4 * config.replica().maxLag().toMillis() / Math.max(1, interval.toMillis()) + 2));
        Gauge.builder("ledger.replica.lag.seconds", this, p -> p.state.lag().map(d -> d.toNanos() / 1e9).orElse(Double.NaN))
                .description("How far the read replica is behind the primary (NaN: not measured)").register(registry);
        Gauge.builder("ledger.replica.up", this, p -> p.state.up() ? 1 : 0)
                .description("1 while the read replica answers its lag probe").register(registry);
        prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replica-lag-probe");
            t.setDaemon(true);
            return t;
        });
        prober.scheduleWithFixedDelay(this::probeQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (prober != null) {
            prober.shutdownNow();
        }
    }

    /** The replica's datasource, or empty when none is configured. */
    Optional<AgroalDataSource> replica() {
        return Optional.ofNullable(replica);
    }

    public State state() {
        return state;
    }

    /** A probe that fails leaves its reason in the log once per change, not every second. */
    private void probeQuietly() {
        try {
            probe();
        } catch (RuntimeException e) {
            LOG.warn("Replica lag probe failed", e);
        }
    }

    /** Measures now. The prober thread calls it; tests may too, to see a change at once. */
    public synchronized State probe() {
        if (replica == null) {
            return state;
        }
        long primaryLsn;
        try (Connection c = primary.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(PRIMARY_POSITION)) {
            r.next();
            primaryLsn = r.getLong(1);
        } catch (SQLException e) {
            // Without the primary the lag is unknown, and reads fail over to nowhere better anyway.
            return record(new State(state.up(), Optional.empty(), clock.instant()), null);
        }
        try (Connection c = replica.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(REPLAYED_POSITION)) {
            r.next();
            boolean recovering = r.getBoolean(1);
            long replayed = recovering ? r.getLong(2) : Long.MAX_VALUE;
            Instant now = clock.instant();
            return record(new State(true, Optional.of(lag.observe(now, primaryLsn, replayed)), now), null);
        } catch (SQLException e) {
            lag.reset();
            return record(new State(false, Optional.empty(), clock.instant()), e);
        }
    }

    /** Reads found the replica unreachable between two probes: stop sending them there until the next. */
    void markDown(SQLException cause) {
        record(new State(false, Optional.empty(), clock.instant()), cause);
    }

    private State record(State next, SQLException cause) {
        if (state.up() != next.up()) {
            if (next.up()) {
                LOG.infof("Read replica is up, %s behind the primary", next.lag().orElse(Duration.ZERO));
            } else {
                LOG.warnf("Read replica is down, reads go to the primary: %s", cause == null ? "" : cause.getMessage());
            }
        }
        state = next;
        return next;
    }
}
