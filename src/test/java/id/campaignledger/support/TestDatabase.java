package id.campaignledger.support;

import id.campaignledger.embedded.EmbeddedPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * The database of the test suite: the server named by QUARKUS_DATASOURCE_JDBC_URL when it is
 * set, otherwise a throwaway embedded PostgreSQL that lives as long as the application under test.
 */
@QuarkusTestResource(TestDatabase.class)
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedPostgres embedded;

    @Override
    public Map<String, String> start() {
        if (externallyConfigured()) {
            return Map.of();
        }
        try {
            embedded = EmbeddedPostgres.start(new EmbeddedPostgres.Settings(
                    Files.createTempDirectory("campaign-ledger-test-pg"), 0, "ledger_test", true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", embedded.jdbcUrl(),
                "quarkus.datasource.username", embedded.username(),
                "quarkus.datasource.password", embedded.password());
    }

    @Override
    public void stop() {
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }

    /** The embedded server, or null when the suite runs against a configured one. */
    public static EmbeddedPostgres embedded() {
        return embedded;
    }

    public static boolean externallyConfigured() {
        String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        return url != null && !url.isBlank();
    }
}
