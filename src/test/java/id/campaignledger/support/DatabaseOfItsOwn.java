package id.campaignledger.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile.TestResourceEntry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A fresh database for a test profile whose data must not meet other test classes' (the demo's
 * exact numbers, a chain broken on purpose). With a configured server it creates
 * {@code <database>_<suffix>} beside the suite's database and drops it afterwards; with the embedded
 * server nothing is needed, since a profile restart starts a new embedded one.
 */
public class DatabaseOfItsOwn implements QuarkusTestResourceLifecycleManager {

    private String suffix;
    private String adminUrl;
    private String database;

    /** The test resource for a profile: a database named after the suite's with {@code _suffix}. */
    public static TestResourceEntry named(String suffix) {
        return new TestResourceEntry(DatabaseOfItsOwn.class, Map.of("suffix", suffix));
    }

    @Override
    public void init(Map<String, String> initArgs) {
        suffix = initArgs.get("suffix");
        if (suffix == null || !suffix.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("a database of its own needs a suffix of [a-z0-9_]: " + suffix);
        }
    }

    @Override
    public Map<String, String> start() {
        if (!TestDatabase.externallyConfigured()) {
            return Map.of();
        }
        String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        String name = query < 0 ? url.substring(slash + 1) : url.substring(slash + 1, query);
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalStateException("cannot derive a " + suffix + " database from the database name '" + name
                    + "'");
        }
        database = name + "_" + suffix;
        adminUrl = url.substring(0, slash + 1) + name + (query < 0 ? "" : url.substring(query));
        execute("drop database if exists " + database + " with (force)", "create database " + database);
        return Map.of("quarkus.datasource.jdbc.url",
                url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query)));
    }

    @Override
    public void stop() {
        if (database != null) {
            execute("drop database if exists " + database + " with (force)");
            database = null;
        }
    }

    private void execute(String... statements) {
        try (Connection c = DriverManager.getConnection(adminUrl, System.getenv("QUARKUS_DATASOURCE_USERNAME"),
                System.getenv("QUARKUS_DATASOURCE_PASSWORD")); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the " + suffix + " database " + database, e);
        }
    }
}
