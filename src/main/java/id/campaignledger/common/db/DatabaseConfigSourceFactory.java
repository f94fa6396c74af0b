package id.campaignledger.common.db;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Decides where the database comes from when none is configured. Dev mode starts the embedded
 * PostgreSQL on a persistent data directory ({@code ledger.embedded-postgres.data-dir}) and
 * points the datasource at it; live reload builds the configuration again and finds the server
 * running. A production start stops at once with one line saying what to set, instead of a
 * stack trace from the first component that needs a connection.
 */
public class DatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final int ORDINAL = 275; // above application.properties, below environment variables
    static final String MISSING_DATABASE = "Campaign Ledger cannot start: no database is configured."
            + " Set QUARKUS_DATASOURCE_JDBC_URL (e.g. jdbc:postgresql://db:5432/ledger),"
            + " QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD.";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (isSet(context.getValue(JDBC_URL))) {
            return List.of();
        }
        List<String> profiles = context.getProfiles();
        if (profiles.contains("prod") && ExecutionMode.current() == ExecutionMode.RUNTIME_INIT) {
            System.err.println(MISSING_DATABASE);
            System.err.flush();
            // exit() would wait on shutdown hooks that Quarkus registers and, mid-start, never releases.
            Runtime.getRuntime().halt(1);
        }
        if (!profiles.contains("dev")) {
            return List.of();
        }
        Path dataDir = Path.of(value(context, "ledger.embedded-postgres.data-dir", ".data/postgres"));
        int port = Integer.parseInt(value(context, "ledger.embedded-postgres.port", "54320"));
        DevDatabase dev = ServiceLoader.load(DevDatabase.class, DatabaseConfigSourceFactory.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("No database is configured and the"
                        + " embedded PostgreSQL launcher is not on the classpath: set QUARKUS_DATASOURCE_JDBC_URL."));
        return List.of(new PropertiesConfigSource(dev.start(dataDir.toAbsolutePath(), port), "embedded-postgres",
                ORDINAL));
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return isSet(value) ? value.getValue() : fallback;
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
