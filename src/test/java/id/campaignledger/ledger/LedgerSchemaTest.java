package id.campaignledger.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database itself refuses what would break the ledger, whatever code path writes to it.
 * Each test works inside one transaction that is rolled back.
 */
@QuarkusTest
class LedgerSchemaTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AgroalDataSource database;

    private Connection connection;
    private int partnerId;
    private int campaignId;
    private UUID umkmId;

    @BeforeEach
    void openTransactionWithReferenceRows() throws SQLException {
        connection = database.getConnection();
        connection.setAutoCommit(false);
        partnerId = insertReturningId("insert into partner (code, name, kind, roles) values ('schema-"
                + UUID.randomUUID().toString().substring(0, 8) + "', 'Schema test', 'OTHER', array['PARTNER']) returning id");
        campaignId = insertReturningId("insert into campaign (code, name, starts_on) values ('SCHEMA_"
                + Math.abs(RANDOM.nextInt()) + "', 'Schema test', date '2023-01-01') returning id");
        umkmId = UUID.randomUUID();
        try (PreparedStatement s = connection.prepareStatement(
                "insert into umkm (id, name, region_code, scale) values (?, 'Gula Aren Sobang', '36.02', 'MIKRO')")) {
            s.setObject(1, umkmId);
            s.executeUpdate();
        }
    }

    @AfterEach
    void rollBack() throws SQLException {
        connection.rollback();
        connection.close();
    }

    @Test
    void theRegionTableHoldsAllProvincesAndBantensRegencies() throws SQLException {
        assertEquals(38, count("select count(*) from region where level = 1"));
        assertEquals(8, count("select count(*) from region where parent_code = '36'"));
        assertEquals(1, count("select count(*) from region where code = '36.02' and name = 'Kabupaten Lebak'"));
    }

    @Test
    void anEntryCannotBeUpdatedDeletedOrTruncated() throws SQLException {
        UUID sale = sale("ref-immutable", "1000.00");
        assertRefused("23001", "update ledger_entry set amount = 1, amount_idr = 1 where id = '" + sale + "'");
        assertRefused("23001", "delete from ledger_entry where id = '" + sale + "'");
        assertRefused("23001", "truncate ledger_entry");
    }

    @Test
    void anExternalRefIsUniquePerPartner() throws SQLException {
        sale("ref-once", "1000.00");
        SQLException refused = assertThrows(SQLException.class, () -> sale("ref-once", "1000.00"));
        assertEquals("23505", refused.getSQLState());
    }

    @Test
    void aSaleMustBePositiveAndWithinTheLimit() throws SQLException {
        assertEquals("23514", assertThrows(SQLException.class, () -> sale("ref-zero", "0.00")).getSQLState());
        assertEquals("23514", assertThrows(SQLException.class, () -> sale("ref-neg", "-5.00")).getSQLState());
        assertEquals("23514", assertThrows(SQLException.class,
                () -> sale("ref-huge", "1000000000000000.01")).getSQLState());
        sale("ref-max", "1000000000000000.00");
    }

    @Test
    void reversalsNeverExceedTheSale() throws SQLException {
        UUID sale = sale("ref-sale", "1000.00");
        reversal("ref-rev-1", sale, "-600.00");
        reversal("ref-rev-2", sale, "-400.00");
        SQLException refused = assertThrows(SQLException.class, () -> reversal("ref-rev-3", sale, "-0.01"));
        assertEquals("23514", refused.getSQLState());
    }

    @Test
    void aReversalCannotBeReversed() throws SQLException {
        UUID sale = sale("ref-sale-2", "1000.00");
        UUID reversal = reversal("ref-rev-a", sale, "-10.00");
        assertEquals("23514", assertThrows(SQLException.class,
                () -> reversal("ref-rev-b", reversal, "-5.00")).getSQLState());
    }

    @Test
    void aForeignAmountNeedsARate() throws SQLException {
        SQLException refused = assertThrows(SQLException.class, () -> insert("ref-eur", "SALE", null, "10.00", "EUR",
                null, "170000.00"));
        assertEquals("23514", refused.getSQLState());
        insert("ref-eur-ok", "SALE", null, "10.00", "EUR", "17000.0000000000", "170000.00");
    }

    private UUID sale(String ref, String amount) throws SQLException {
        return insert(ref, "SALE", null, amount, "IDR", null, amount);
    }

    private UUID reversal(String ref, UUID reverses, String amount) throws SQLException {
        return insert(ref, "REVERSAL", reverses, amount, "IDR", null, amount);
    }

    private UUID insert(String ref, String kind, UUID reverses, String amount, String currency, String rate,
            String amountIdr) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Statement savepoint = connection.createStatement()) {
            savepoint.execute("savepoint entry");
        }
        try (PreparedStatement s = connection.prepareStatement("""
                insert into ledger_entry (id, partner_id, external_ref, campaign_id, umkm_id, kind, reverses, amount,
                    currency, fx_rate_to_idr, amount_idr, channel, occurred_at, region_code, request_digest)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'QRIS', timestamptz '2023-06-01 10:00+07', '36.02',
                    sha256(?::bytea))""")) {
            s.setObject(1, id);
            s.setInt(2, partnerId);
            s.setString(3, ref);
            s.setInt(4, campaignId);
            s.setObject(5, umkmId);
            s.setString(6, kind);
            s.setObject(7, reverses);
            s.setBigDecimal(8, new BigDecimal(amount));
            s.setString(9, currency);
            s.setBigDecimal(10, rate == null ? null : new BigDecimal(rate));
            s.setBigDecimal(11, new BigDecimal(amountIdr));
            s.setString(12, ref);
            s.executeUpdate();
        } catch (SQLException e) {
            try (Statement rollback = connection.createStatement()) {
                rollback.execute("rollback to savepoint entry");
            }
            throw e;
        }
        return id;
    }

    private void assertRefused(String sqlState, String sql) throws SQLException {
        try (Statement savepoint = connection.createStatement()) {
            savepoint.execute("savepoint attempt");
        }
        SQLException refused = assertThrows(SQLException.class, () -> {
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            }
        });
        assertEquals(sqlState, refused.getSQLState(), refused.getMessage());
        try (Statement rollback = connection.createStatement()) {
            rollback.execute("rollback to savepoint attempt");
        }
    }

    private int insertReturningId(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
