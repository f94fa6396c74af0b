package id.campaignledger.ledger;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.post;
import static id.campaignledger.support.Fixtures.sale;
import static id.campaignledger.support.Fixtures.umkm;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.support.Concurrently;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many writers at once against the same refs and the same sale: each ref is stored once, replays
 * answer with the original, reversals never take more than remains, and the daily totals still
 * equal the entries afterwards.
 */
@QuarkusTest
class LedgerConcurrencyTest {

    @Inject
    AgroalDataSource database;

    private String partner;
    private String campaign;
    private String umkmId;

    @BeforeEach
    void partnerCampaignAndUmkm() {
        partner = newPartnerKey("PARTNER");
        campaign = campaign();
        umkmId = umkm("36.02");
    }

    @Test
    void reversalsOfDifferentAmountsFromTenThreadsTakeOnlyWhatRemains() throws Exception {
        String sale = post(partner, sale("conc-sale", campaign, umkmId, "1000.00"));
        List<BigDecimal> amounts = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            amounts.add(BigDecimal.valueOf(i * 50L).setScale(2)); // 50 .. 500, 2,750 in all
        }
        List<Response> responses = Concurrently.run(10, i -> reverse(sale, "conc-rev-" + i, amounts.get(i)));

        BigDecimal accepted = BigDecimal.ZERO.setScale(2);
        for (int i = 0; i < 10; i++) {
            int status = responses.get(i).statusCode();
            assertTrue(status == 201 || status == 422, "status " + status);
            if (status == 201) {
                accepted = accepted.add(amounts.get(i));
            }
        }
        BigDecimal remaining = new BigDecimal("1000.00").subtract(accepted);
        assertTrue(remaining.signum() >= 0, "reversed " + accepted + " of 1000.00");
        assertEquals(accepted.negate(), reversedInDatabase(sale));
        for (int i = 0; i < 10; i++) {
            if (responses.get(i).statusCode() == 422) {
                // Remaining only shrinks, so a refused amount did not fit when refused and does not fit now.
                assertTrue(amounts.get(i).compareTo(remaining) > 0,
                        "refused " + amounts.get(i) + " although " + remaining + " remains");
            }
        }
        // Retries of every request: the accepted replay their entry, the refused stay refused.
        for (int i = 0; i < 10; i++) {
            Response retry = reverse(sale, "conc-rev-" + i, amounts.get(i));
            if (responses.get(i).statusCode() == 201) {
                assertEquals(200, retry.statusCode());
                assertEquals(responses.get(i).<String>path("id"), retry.path("id"));
            } else {
                assertEquals(422, retry.statusCode());
            }
        }
        assertEquals(accepted.negate(), reversedInDatabase(sale));
        assertReconciles();
    }

    @Test
    void oneReversalSentFromTwelveThreadsIsStoredOnce() throws Exception {
        String sale = post(partner, sale("conc-sale-2", campaign, umkmId, "300.00"));
        List<Response> responses = Concurrently.run(12, i -> reverse(sale, "conc-same-rev", new BigDecimal("120.00")));
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Response r : responses) {
            assertTrue(r.statusCode() == 201 || r.statusCode() == 200, "status " + r.statusCode());
            created += r.statusCode() == 201 ? 1 : 0;
            ids.add(r.path("id"));
        }
        assertEquals(1, created);
        assertEquals(1, ids.size());
        assertEquals(new BigDecimal("-120.00"), reversedInDatabase(sale));
    }

    @Test
    void oneRefWithDifferentContentFromTenThreadsHasOneWinnerAndNineConflicts() throws Exception {
        List<Response> responses = Concurrently.run(10, i -> as(partner)
                .body(sale("conc-contested", campaign, umkmId, (100 + i) + ".00")).post("/api/v1/transactions"));
        List<Response> winners = responses.stream().filter(r -> r.statusCode() == 201).toList();
        assertEquals(1, winners.size());
        assertEquals(9, responses.stream().filter(r -> r.statusCode() == 409).count());
        assertEquals(1, countByRef("conc-contested"));
        as(partner).get("/api/v1/transactions/" + winners.get(0).path("id")).then().statusCode(200)
                .body("amount", equalTo(winners.get(0).path("amount")));
    }

    @Test
    void singlePostsSharingATransactionAreNotFailedByOneEntryTheDatabaseRefuses() throws Exception {
        String other = newPartnerKey("PARTNER");
        // A value only the database refuses: the posts that share its transaction must not pay for it.
        execute("alter table ledger_entry add constraint test_refuses_poison check (external_ref <> 'poison')");
        List<Response> responses;
        try {
            responses = Concurrently.run(13, i -> as(i % 2 == 0 ? partner : other)
                    .body(sale(i == 6 ? "poison" : "shared-" + i, campaign, umkmId, "10.00"))
                    .post("/api/v1/transactions"));
        } finally {
            execute("alter table ledger_entry drop constraint test_refuses_poison");
        }
        for (int i = 0; i < 13; i++) {
            assertEquals(i == 6 ? 422 : 201, responses.get(i).statusCode(), "post " + i);
        }
        assertEquals(12, countInCampaign());
        assertEquals(0, countByRef("poison"));
        assertReconciles();
    }

    @Test
    void batchesAndSinglesOverlappingInRefsStoreEachRefOnceAndReportTheRestAsReplays() throws Exception {
        int refs = 60;
        int threads = 6;
        Random random = new Random(8);
        List<List<Integer>> plans = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Integer> plan = new ArrayList<>();
            for (int r = 0; r < refs; r++) {
                if (random.nextInt(2) == 0) {
                    plan.add(r);
                }
            }
            Collections.shuffle(plan, random);
            plans.add(plan);
        }
        // Even threads send one batch; odd threads send the same refs one at a time.
        List<List<String[]>> outcomes = Concurrently.run(threads, t -> {
            List<String[]> seen = new ArrayList<>();
            List<Integer> plan = plans.get(t);
            if (t % 2 == 0) {
                List<Map<String, Object>> items = plan.stream().map(this::overlapping).toList();
                JsonPath result = as(partner).body(Map.of("items", items)).post("/api/v1/transactions/batch")
                        .then().statusCode(200).extract().jsonPath();
                for (int i = 0; i < plan.size(); i++) {
                    seen.add(new String[] { "ov-" + plan.get(i), result.getString("results[" + i + "].status"),
                            result.getString("results[" + i + "].id") });
                }
            } else {
                for (int r : plan) {
                    Response response = as(partner).body(overlapping(r)).post("/api/v1/transactions");
                    seen.add(new String[] { "ov-" + r, response.statusCode() == 201 ? "CREATED"
                            : response.statusCode() == 200 ? "REPLAYED" : "HTTP " + response.statusCode(),
                            response.path("id") });
                }
            }
            return seen;
        });

        Map<String, String> idByRef = new HashMap<>();
        Map<String, Integer> createdByRef = new HashMap<>();
        for (List<String[]> seen : outcomes) {
            for (String[] o : seen) {
                assertTrue(o[1].equals("CREATED") || o[1].equals("REPLAYED"), o[0] + ": " + o[1]);
                String first = idByRef.putIfAbsent(o[0], o[2]);
                assertTrue(first == null || first.equals(o[2]), o[0] + " answered with two ids");
                createdByRef.merge(o[0], o[1].equals("CREATED") ? 1 : 0, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> e : createdByRef.entrySet()) {
            assertEquals(1, e.getValue(), e.getKey() + " created " + e.getValue() + " times");
            assertEquals(1, countByRef(e.getKey()), e.getKey() + " stored more than once");
        }
        assertEquals(createdByRef.size(), countInCampaign());
        assertReconciles();
    }

    /** The same content for a ref whoever sends it, so every repeat is a replay. */
    private Map<String, Object> overlapping(int ref) {
        return sale("ov-" + ref, campaign, umkmId, (1000 + ref) + ".25");
    }

    private Response reverse(String sale, String ref, BigDecimal amount) {
        return as(partner).body(Map.of("externalRef", ref, "amount", amount.toPlainString(), "reason", "race"))
                .post("/api/v1/transactions/" + sale + "/reversals");
    }

    private void assertReconciles() {
        asAdmin().queryParam("campaign", campaign).get("/api/v1/admin/reconcile")
                .then().statusCode(200).body("consistent", equalTo(true));
    }

    private BigDecimal reversedInDatabase(String sale) throws Exception {
        return single("select coalesce(sum(amount_idr), 0.00) from ledger_entry where reverses = ?::uuid", sale);
    }

    private void execute(String ddl) throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute(ddl);
        }
    }

    private long countByRef(String ref) throws Exception {
        return single("select count(*) from ledger_entry e join campaign c on c.id = e.campaign_id "
                + "where c.code = '" + campaign + "' and e.external_ref = ?", ref).longValueExact();
    }

    private long countInCampaign() throws Exception {
        return single("select count(*) from ledger_entry e join campaign c on c.id = e.campaign_id where c.code = ?",
                campaign).longValueExact();
    }

    private BigDecimal single(String sql, String parameter) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBigDecimal(1);
            }
        }
    }
}
