package id.campaignledger.attest;

import id.campaignledger.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A fresh database for {@link TamperProfile}, whose chain the tests break on purpose. With a configured server it creates
 * {@code <database>_tamper} beside the suite's database and drops it afterwards; with the embedded
 * server nothing is needed, since a profile restart starts a new embedded one.
 */
public class TamperDatabase implements QuarkusTestResourceLifecycleManager {

    private String adminUrl;
    private String database;

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
            throw new IllegalStateException("cannot derive a demo database from the database name '" + name + "'");
        }
        database = name + "_tamper";
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
            throw new IllegalStateException("cannot prepare the tamper database " + database, e);
        }
    }
}
