package id.campaignledger.operations;

import static id.campaignledger.operations.Management.management;
import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.sale;
import static id.campaignledger.support.Fixtures.umkm;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * The database refuses writes from an instance older than its schema: sessions that declare no
 * schema version or an older one are fenced, the service's own connections declare the newest
 * migration it carries, and when the database is ahead the service answers 503 and goes unready.
 */
@QuarkusTest
class WriterFenceTest {

    private static final String FENCED = "57PW1";

    @Inject
    AgroalDataSource dataSource;

    /** The newest migration in the source tree, read independently of the service's own code. */
    private static MigrationVersion newestMigrationFile() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("V[0-9_]+__.*\\.sql"))
                    .map(n -> MigrationVersion.fromVersion(n.substring(1, n.indexOf("__")).replace('_', '.')))
                    .max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    private static Connection rawConnection() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
    }

    /** A migration of a newer release, as its first instance would have applied it. */
    private static final String NEWER_MIGRATION = """
            insert into flyway_schema_history (installed_rank, version, description, type, script,
                                               checksum, installed_by, execution_time, success)
            select max(installed_rank) + 1, '999', 'from a newer release', 'SQL', 'V999__newer.sql',
                   0, current_user, 0, true
              from flyway_schema_history""";

    private static final String INSERT_PARTNER = "insert into partner (code, name, kind, roles) "
            + "values ('fence-probe', 'Fence probe', 'OTHER', array['VIEWER'])";

    @Test
    void theServiceKnowsTheNewestMigrationItCarriesAndDeclaresItOnEveryConnection() throws Exception {
        assertEquals(newestMigrationFile(), KnownSchema.version());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select current_setting('ledger.schema_version')")) {
            r.next();
            assertEquals(KnownSchema.version().getVersion(), r.getString(1));
        }
    }

    @Test
    void aSessionThatDeclaresNoOrAnOlderSchemaCannotWriteButCanRead() throws Exception {
        try (Connection c = rawConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            SQLException none = assertThrows(SQLException.class, () -> s.execute(INSERT_PARTNER));
            assertEquals(FENCED, none.getSQLState());
            c.rollback();
            s.execute("set ledger.schema_version = '4'");
            for (String write : new String[] {INSERT_PARTNER, "update campaign set name = name where false",
                    "delete from umkm where false", "truncate ledger_daily"}) {
                SQLException older = assertThrows(SQLException.class, () -> s.execute(write), write);
                assertEquals(FENCED, older.getSQLState(), write);
                c.rollback();
            }
            try (ResultSet r = s.executeQuery("select count(*) from ledger_entry")) {
                r.next();
            }
            s.execute("set ledger.schema_version = '" + KnownSchema.version().getVersion() + "'");
            s.execute(INSERT_PARTNER);
            c.rollback();
        }
    }

    @Test
    void aStatementThatPassedTheFenceDoesNotLetTheNextStatementOfItsTransactionPastANewerMigration()
            throws Exception {
        try (Connection writer = rawConnection(); Statement w = writer.createStatement();
                Connection migrator = rawConnection(); Statement m = migrator.createStatement()) {
            w.execute("set ledger.schema_version = '" + KnownSchema.version().getVersion() + "'");
            writer.setAutoCommit(false);
            w.execute("with p as (" + INSERT_PARTNER + " returning 1),"
                    + " c as (update campaign set name = name where false returning 1)"
                    + " select (select count(*) from p) + (select count(*) from c)");
            assertEquals(1, count(w, "select count(*) from partner where code = 'fence-probe'"));
            m.execute(NEWER_MIGRATION);
            try {
                SQLException next = assertThrows(SQLException.class,
                        () -> w.execute("update campaign set name = name where false"));
                assertEquals(FENCED, next.getSQLState(), "the next statement reads the history again");
                writer.rollback();
            } finally {
                m.execute("delete from flyway_schema_history where version = '999'");
            }
            assertEquals(0, count(w, "select count(*) from partner where code = 'fence-probe'"));
            writer.rollback();
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void withTheDatabaseAheadOfThisBuildWritesAnswer503AndReadinessIsDown() throws Exception {
        String partner = newPartnerKey("PARTNER");
        String campaign = campaign();
        String umkmId = umkm("36.02");
        management().get("/q/health/ready").then().statusCode(200);
        try (Connection c = rawConnection(); Statement s = c.createStatement()) {
            s.execute(NEWER_MIGRATION);
            try {
                as(partner).body(sale("fenced-1", campaign, umkmId, "10.00")).post("/api/v1/transactions")
                        .then().statusCode(503).header("Retry-After", equalTo("5"));
                management().get("/q/health/ready").then().statusCode(503)
                        .body("checks.find { it.name == 'Schema not newer than this build' }.status", equalTo("DOWN"))
                        .body("checks.find { it.name == 'Schema not newer than this build' }.data.database",
                                equalTo("999"));
                as(partner).get("/api/v1/transactions").then().statusCode(200);
            } finally {
                s.execute("delete from flyway_schema_history where version = '999'");
            }
        }
        management().get("/q/health/ready").then().statusCode(200);
        as(partner).body(sale("fenced-1", campaign, umkmId, "10.00")).post("/api/v1/transactions")
                .then().statusCode(201);
    }
}
