package id.campaignledger.replica;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Reads from a streaming replica. The replica itself is the named datasource {@code replica}
 * (QUARKUS_DATASOURCE_REPLICA_JDBC_URL, _USERNAME, _PASSWORD); without its URL every read goes to
 * the primary and these settings do nothing.
 */
@ConfigMapping(prefix = "ledger.replica")
public interface ReplicaSettings {

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
