package id.campaignledger.replica;

import jakarta.inject.Inject;
import java.time.Duration;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Tells the caller where a read answer came from: {@code X-Ledger-Read-From: replica|primary},
 * and {@code X-Ledger-Replica-Lag} (milliseconds the replica was behind at its last probe) while
 * a replica is configured and measured. Only answers that read through {@link ReadRoute} carry them.
 */
public class ReplicaHeaders {

    public static final String READ_FROM = "X-Ledger-Read-From";
    public static final String REPLICA_LAG = "X-Ledger-Replica-Lag";

    @Inject
    ReadSource reads;

    @ServerResponseFilter
    public void addHeaders(ContainerResponseContext response) {
        reads.source().ifPresent(source -> {
            response.getHeaders().putSingle(READ_FROM, source.header());
            reads.lag().ifPresent(lag -> response.getHeaders().putSingle(REPLICA_LAG, Long.toString(millis(lag))));
        });
    }

    /** Whole milliseconds, rounded up: a lag just beyond the maximum never reads as the maximum itself. */
    static long millis(Duration lag) {
        return (lag.toNanos() + 999_999) / 1_000_000;
    }
}
