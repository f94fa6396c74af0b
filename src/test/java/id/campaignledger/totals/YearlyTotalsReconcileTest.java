package id.campaignledger.totals;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.campaignledger.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The yearly totals per UMKM and the large sales (the plausibility read's tables) are kept by the
 * inserting statement like the other totals, no longer by a trigger, and reconcile recomputes them:
 * a bucket or a large sale that does not match the entries is reported.
 */
@QuarkusTest
class YearlyTotalsReconcileTest {

    @Inject
    AgroalDataSource database;

    private long count(String sql) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private JsonPath reconcile(String campaign) {
        return asAdmin().queryParam("campaign", campaign).get("/api/v1/admin/reconcile").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void theInsertingStatementKeepsTheYearlyTotalsAndReconcileFindsWhatDiffers() throws SQLException {
        assertEquals(0, count("select count(*) from pg_trigger where tgname = 'ledger_entry_umkm_yearly'"));
        String partner = newPartnerKey("PARTNER");
        String campaign = Fixtures.campaign("2023-01-01", "2024-12-31");
        String umkm = Fixtures.umkm("31.71");
        Map<String, String> at = Map.of("a", "2023-12-31T23:30:00+07:00", "b", "2024-01-01T00:30:00+07:00",
                "c", "2024-06-01T10:00:00+07:00");
        String big = null;
        for (Map.Entry<String, String> e : at.entrySet()) {
            Map<String, Object> body = new HashMap<>(Fixtures.sale("y-" + e.getKey(), campaign, umkm,
                    e.getKey().equals("c") ? "2500000000.00" : "1000000.00"));
            body.put("occurredAt", e.getValue());
            String id = Fixtures.post(partner, body);
            big = e.getKey().equals("c") ? id : big;
        }
        as(partner).body(Map.of("externalRef", "y-c-r", "amount", "600000000.00", "reason", "returned",
                "occurredAt", "2024-06-02T10:00:00+07:00")).post("/api/v1/transactions/" + big + "/reversals")
                .then().statusCode(201);
        // 2023: the sale before midnight WIB; 2024: the rest, the partial reversal included.
        assertEquals(1, count("select count(*) from ledger_umkm_yearly where umkm_id = '" + umkm + "' and year = 2023"
                + " and amount_idr = 1000000.00 and sale_count = 1"));
        assertEquals(1, count("select count(*) from ledger_umkm_yearly where umkm_id = '" + umkm + "' and year = 2024"
                + " and amount_idr = 1901000000.00 and sale_count = 2"));
        assertEquals(1, count("select count(*) from ledger_large_sale where entry_id = '" + big + "' and year = 2024"));
        asAdmin().queryParam("campaign", campaign).get("/api/v1/admin/reconcile").then().statusCode(200)
                .body("consistent", equalTo(true));

        // A yearly bucket off by one sen, and a large sale missing from its list, are both reported.
        execute("update ledger_umkm_yearly set amount_idr = amount_idr + 0.01 where umkm_id = '" + umkm
                + "' and year = 2023");
        execute("delete from ledger_large_sale where entry_id = '" + big + "'");
        try {
            JsonPath found = reconcile(campaign);
            assertEquals(false, found.getBoolean("consistent"));
            List<Map<String, Object>> differences = found.getList("differences");
            assertEquals(2, differences.size(), String.valueOf(differences));
            Map<String, Object> yearly = differences.stream().filter(d -> d.get("totals").equals("umkm_yearly"))
                    .findFirst().orElseThrow();
            assertEquals("2023-01-01", yearly.get("day"));
            assertEquals("1000000.00", yearly.get("expectedAmountIdr"));
            assertEquals("1000000.01", yearly.get("actualAmountIdr"));
            Map<String, Object> large = differences.stream().filter(d -> d.get("totals").equals("large_sale"))
                    .findFirst().orElseThrow();
            assertEquals(umkm, large.get("umkmId"));
            assertEquals("2500000000.00", large.get("expectedAmountIdr"));
            assertEquals(1, large.get("expectedSaleCount"));
            assertEquals(0, large.get("actualSaleCount"));
        } finally {
            execute("update ledger_umkm_yearly set amount_idr = amount_idr - 0.01 where umkm_id = '" + umkm
                    + "' and year = 2023");
            execute("insert into ledger_large_sale (entry_id, campaign_id, year, umkm_id, amount_idr, occurred_at)"
                    + " select id, campaign_id, 2024, umkm_id, amount_idr, occurred_at from ledger_entry"
                    + " where id = '" + big + "'");
        }
        asAdmin().queryParam("campaign", campaign).get("/api/v1/admin/reconcile").then().statusCode(200)
                .body("consistent", equalTo(true));
    }
}
