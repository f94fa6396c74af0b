package id.campaignledger.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {

    @Test
    void keepsDataAcrossStopAndRestartAndDeletesThrowawayDataOnClose() throws Exception {
        Path dataDir = Files.createTempDirectory("embedded-postgres-test");
        EmbeddedPostgres postgres = EmbeddedPostgres.start(new EmbeddedPostgres.Settings(dataDir, 0, "ledger_it", true));
        try {
            assertTrue(postgres.isRunning());
            assertTrue(postgres.jdbcUrl().endsWith(":" + postgres.port() + "/ledger_it"), postgres.jdbcUrl());
            try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
                assertTrue(queryString(statement, "select version()").startsWith("PostgreSQL 17."));
                statement.execute("create table note (text varchar(20) not null)");
                statement.execute("insert into note values ('kept')");
            }

            postgres.stop();
            assertFalse(postgres.isRunning());
            assertThrows(SQLException.class, () -> connect(postgres).close());
            postgres.stop(); // idempotent

            postgres.restart();
            assertTrue(postgres.isRunning());
            try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
                assertEquals("kept", queryString(statement, "select text from note"));
            }
        } finally {
            postgres.close();
        }
        assertFalse(Files.exists(dataDir));
        assertThrows(SQLException.class, () -> connect(postgres).close());
    }

    @Test
    void reusesTheServerAlreadyRunningOnTheDataDir() throws Exception {
        Path dataDir = Files.createTempDirectory("embedded-postgres-test");
        try (EmbeddedPostgres first = EmbeddedPostgres.start(new EmbeddedPostgres.Settings(dataDir, 0, "one", true))) {
            String postmaster = postmasterPid(dataDir);
            // Another port and database asked: the running server's port wins, the database is added.
            EmbeddedPostgres second = EmbeddedPostgres.start(new EmbeddedPostgres.Settings(dataDir, 0, "two", false));
            assertEquals(first.port(), second.port());
            assertEquals(postmaster, postmasterPid(dataDir));
            try (Connection connection = connect(second); Statement statement = connection.createStatement()) {
                assertEquals("two", queryString(statement, "select current_database()"));
            }
            second.close(); // not throwaway: stops the shared server, leaves the data dir
            assertTrue(Files.exists(dataDir.resolve("PG_VERSION")));
            assertFalse(first.isRunning());
        }
        assertFalse(Files.exists(dataDir));
    }

    private static String postmasterPid(Path dataDir) throws Exception {
        return Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0);
    }

    private static Connection connect(EmbeddedPostgres postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl() + "?connectTimeout=2", postgres.username(),
                postgres.password());
    }

    private static String queryString(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next(), sql);
            return rows.getString(1);
        }
    }
}
