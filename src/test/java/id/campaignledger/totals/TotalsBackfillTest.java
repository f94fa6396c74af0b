package id.campaignledger.totals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.campaignledger.operations.OnlineMigrations;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The totals migrations backfill their tables from the ledger an older version left behind: a
 * schema at version 1 holding entries, migrated to the current version, has totals equal to its
 * entries. It runs in a schema of its own, dropped afterwards.
 */
@QuarkusTest
class TotalsBackfillTest {

    private static final String MIGRATIONS = "filesystem:src/main/resources/db/migration";

    private final String schema = "backfill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private Config config;
    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        config = ConfigProvider.getConfig();
        connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        }
        connection.close();
    }

    @Test
    void monthlyTotalsPerRegionAreBackfilledFromTheEntriesOfAnOlderSchema() throws SQLException {
        migrate("1");
        execute("set search_path to " + schema);
        execute("""
                insert into partner (code, name, kind, roles) values
                    ('backfill-a', 'Backfill A', 'MARKETPLACE', array['PARTNER']),
                    ('backfill-b', 'Backfill B', 'QRIS_ACQUIRER', array['PARTNER']);
                insert into campaign (code, name, starts_on)
                    values ('BBI', 'Bangga Buatan Indonesia', date '2023-01-01');
                insert into umkm (id, name, region_code, scale) values
                    ('00000000-0000-0000-0000-000000003602', 'Gula Aren Sobang', '36.02', 'MIKRO'),
                    ('00000000-0000-0000-0000-000000000031', 'Kopi Jakarta', '31', 'KECIL');
                """);
        // Two partners, channels and currencies, a sale that is February in Jakarta but January
        // in UTC, and a reversal in a later month.
        entry("a", "a-1", "SALE", null, "1000.00", "IDR", null, "1000.00", "QRIS", "2023-01-31 23:30+07", "3602");
        entry("a", "a-2", "SALE", null, "250.50", "IDR", null, "250.50", "QRIS", "2023-02-01 00:10+07", "3602");
        entry("a", "a-3", "SALE", null, "10.00", "USD", "15500.0000000000", "155000.00", "EXPORT",
                "2023-01-10 10:00+07", "3602");
        entry("b", "b-1", "SALE", null, "99.99", "IDR", null, "99.99", "EXPO", "2023-01-20 10:00+07", "0031");
        entry("a", "a-rev", "REVERSAL", "a-1", "-400.00", "IDR", null, "-400.00", "QRIS", "2023-03-02 09:00+07",
                "3602");
        execute("reset search_path");

        migrate(null);

        execute("set search_path to " + schema);
        String recomputed = """
                select campaign_id, date_trunc('month', occurred_at at time zone 'Asia/Jakarta')::date, region_code,
                       partner_id, sum(amount_idr), count(*) filter (where kind = 'SALE')
                  from ledger_entry group by 1, 2, 3, 4
                """;
        String maintained = "select campaign_id, month, region_code, partner_id, amount_idr, sale_count"
                + " from ledger_region_monthly";
        // January (Lebak by one partner, Jakarta by the other), February and March (Lebak).
        assertEquals(4, count("select count(*) from ledger_region_monthly"));
        assertEquals(0, count("select count(*) from ((" + recomputed + " except " + maintained + ") union all ("
                + maintained + " except " + recomputed + ")) d"));
    }

    /** Migrates the scratch schema to a version, or to the latest when null. */
    private void migrate(String target) {
        var flyway = Flyway.configure()
                .dataSource(config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                        config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null))
                .schemas(schema)
                .locations(MIGRATIONS)
                .placeholders(Map.of("ledger_time_zone", config.getValue("ledger.time-zone", String.class)));
        if (target != null) {
            flyway.target(target);
        }
        // As the service configures its own Flyway: V69 builds an index concurrently.
        new OnlineMigrations().customize(flyway);
        flyway.load().migrate();
    }

    private void entry(String partner, String ref, String kind, String reverses, String amount, String currency,
            String rate, String amountIdr, String channel, String occurredAt, String umkm) throws SQLException {
        String umkmId = "00000000-0000-0000-0000-00000000" + umkm;
        execute("insert into ledger_entry (id, partner_id, external_ref, campaign_id, umkm_id, kind, reverses, amount,"
                + " currency, fx_rate_to_idr, amount_idr, channel, occurred_at, region_code, request_digest)"
                + " select gen_random_uuid(), p.id, '" + ref + "', c.id, u.id, '" + kind + "', "
                + (reverses == null ? "null" : "(select id from ledger_entry where external_ref = '" + reverses + "')")
                + ", " + amount + ", '" + currency + "', " + (rate == null ? "null" : rate) + ", " + amountIdr + ", '"
                + channel + "', timestamptz '" + occurredAt + "', u.region_code, sha256('" + ref + "'::bytea)"
                + " from partner p, campaign c, umkm u where p.code = 'backfill-" + partner + "' and c.code = 'BBI'"
                + " and u.id = '" + umkmId + "'");
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
