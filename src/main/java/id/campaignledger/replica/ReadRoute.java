package id.campaignledger.replica;

import id.campaignledger.common.LedgerConfig;
import id.campaignledger.common.db.ReadConnections;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a read answer's connection comes from: the replica while it is up and at most
 * {@code ledger.replica.max-lag} behind, the primary otherwise (no replica configured, replica
 * down, behind, or not measured lately). A read may therefore not yet show a write made less than
 * max-lag ago; writes and the reads that decide a write always use the primary.
 *
 * <p>The choice is remembered for the response headers of the request ({@link ReadSource}).
 */
@ApplicationScoped
public class ReadRoute implements ReadConnections {

    public enum Source {
        PRIMARY, REPLICA;

        public String header() {
            return name().toLowerCase();
        }
    }

    @Inject
    AgroalDataSource primary;

    @Inject
    ReplicaProbe probe;

    @Inject
    LedgerConfig config;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Routed route() throws SQLException {
        Optional<AgroalDataSource> replica = probe.replica();
        ReplicaProbe.State state = probe.state();
        if (replica.isPresent() && usable(state, clock.instant())) {
            try {
                Connection c = replica.get().getConnection();
                Optional<Duration> lag = state.lag();
                return new Routed(c, () -> remember(Source.REPLICA, lag));
            } catch (SQLException e) {
                probe.markDown(e);
                state = probe.state();
            }
        }
        Connection c = primary.getConnection();
        Optional<Duration> lag = state.lag();
        return new Routed(c, () -> remember(Source.PRIMARY, lag));
    }

    /** Up, within the maximum lag, and measured recently enough for that to still hold. */
    boolean usable(ReplicaProbe.State state, Instant now) {
        Duration maxAge = config.replica().probeInterval().multipliedBy(3).plusSeconds(1);
        return state.up() && state.lag().isPresent() && state.lag().get().compareTo(config.replica().maxLag()) <= 0
                && Duration.between(state.measuredAt(), now).compareTo(maxAge) <= 0;
    }

    private static void remember(Source source, Optional<Duration> lag) {
        if (Arc.container().requestContext().isActive()) {
            Arc.container().instance(ReadSource.class).get().served(source, lag);
        }
    }
}
