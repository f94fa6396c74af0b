package id.campaignledger.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Creates the database a cluster should serve, unless it exists. */
final class CreateDatabase {

    private CreateDatabase() {
    }

    static void ifMissing(int port, String user, String password, String database) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "10");
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        // The driver directly rather than DriverManager, which depends on the caller's class loader
        // (this runs inside Quarkus' config bootstrap in dev mode).
        try (Connection connection = new org.postgresql.Driver().connect(url, properties)) {
            try (PreparedStatement exists = connection.prepareStatement(
                    "select 1 from pg_database where datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database \"" + database.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created concurrently by another JVM sharing the data dir
            }
            throw new IllegalStateException("Cannot create database " + database + " on " + url, e);
        }
    }
}
