package id.campaignledger.embedded;

import id.campaignledger.common.db.DevDatabase;
import java.nio.file.Path;
import java.util.Map;

/**
 * Dev mode's database: the embedded PostgreSQL on a persistent data directory. Live reload builds
 * the configuration again and finds the server running.
 */
public final class DevPostgres implements DevDatabase {

    private static EmbeddedPostgres running;

    @Override
    public Map<String, String> start(Path dataDir, int port) {
        EmbeddedPostgres postgres = startOrFind(dataDir, port);
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password());
    }

    private static synchronized EmbeddedPostgres startOrFind(Path dataDir, int port) {
        if (running == null || !running.isRunning()) {
            running = EmbeddedPostgres.start(new EmbeddedPostgres.Settings(dataDir, port, "ledger", false));
        }
        return running;
    }
}
