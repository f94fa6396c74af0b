package id.campaignledger.milestone;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Api.uniqueCode;
import static id.campaignledger.support.Fixtures.sale;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.campaignledger.support.Api;
import id.campaignledger.support.Concurrently;
import id.campaignledger.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MilestoneTest {

    @Inject
    MilestoneEvaluator evaluator;

    @Inject
    AgroalDataSource database;

    private String partner;
    private String campaign;
    private String umkm;
    private String subscription;

    @BeforeEach
    void ledgerAndSubscriber() {
        partner = newPartnerKey("PARTNER");
        campaign = Fixtures.campaign();
        umkm = Fixtures.umkm("36.02");
        // Nothing receives it (the dispatcher does not run here): the outbox is what is counted.
        subscription = asAdmin().body(Map.of("url", "http://127.0.0.1:9/milestones", "eventTypes",
                List.of("target.milestone"))).post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
    }

    @AfterEach
    void unsubscribe() {
        asAdmin().delete("/api/v1/webhooks/" + subscription).then().statusCode(204);
    }

    private String target(String amount, String region) {
        Map<String, Object> body = new HashMap<>(Map.of("metric", "TRANSACTION_VALUE", "amount", amount,
                "periodStart", "2023-01-01", "periodEnd", "2023-12-31", "name", "Banten BBI 2023"));
        body.put("regionCode", region);
        return asAdmin().body(body).post("/api/v1/campaigns/" + campaign + "/targets").then().statusCode(201)
                .extract().path("id");
    }

    private String post(String amount) {
        return Fixtures.post(partner, sale(uniqueCode("m"), campaign, umkm, amount));
    }

    private List<String> milestones(String targetId, int version) {
        List<String> thresholds = new ArrayList<>();
        for (Map<String, Object> m : Api.as(partner).get("/api/v1/campaigns/" + campaign + "/milestones").then()
                .statusCode(200).extract().<List<Map<String, Object>>>path("items")) {
            if (m.get("targetId").equals(targetId) && ((Integer) m.get("targetVersion")) == version) {
                thresholds.add((String) m.get("threshold"));
            }
        }
        return thresholds;
    }

    @Test
    void bantenPassesOneHundredOneThousandAndTenThousandPercentEachAnnouncedOnce() throws Exception {
        String banten = target("60000000000.00", "36");
        post("12000000000000.00");
        evaluator.evaluate();
        evaluator.evaluate();
        assertEquals(List.of("25", "50", "75", "100", "1000", "10000"), milestones(banten, 1).stream().sorted(
                (a, b) -> new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b))).toList());
        assertEquals(6, count("select count(*) from webhook_message where subscription_id = '" + subscription
                + "' and payload -> 'data' ->> 'targetId' = '" + banten + "'"));
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(
                "select payload::text from webhook_message where subscription_id = ?::uuid")) {
            s.setString(1, subscription);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    id.campaignledger.webhook.WebhookPayloads.check(r.getString(1));
                }
            }
        }
        as(partner).get("/api/v1/campaigns/" + campaign + "/milestones").then().statusCode(200)
                .body("items.find { it.threshold == '10000' }.percent", org.hamcrest.Matchers.equalTo("20000.00"));
    }

    @Test
    void concurrentPostsAndEvaluatorsRecordEachMilestoneOnce() throws Exception {
        String target = target("1000.00", null);
        // Eight writers post 25.00 eight times each (1,600.00 = 160 %) while four evaluators race them,
        // as four replicas would.
        Concurrently.run(12, i -> {
            for (int n = 0; n < 8; n++) {
                if (i < 8) {
                    post("25.00");
                } else {
                    evaluator.evaluate();
                }
            }
            return null;
        });
        evaluator.evaluate();
        assertEquals(List.of("25", "50", "75", "100"), milestones(target, 1).stream().sorted(
                (a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b))).toList());
        assertEquals(4, count("select count(*) from webhook_message where subscription_id = '" + subscription
                + "' and payload -> 'data' ->> 'targetId' = '" + target + "'"), "one event per milestone");
    }

    @Test
    void aReversalBelowAThresholdKeepsItsMilestoneAndANewRevisionStartsAfresh() throws Exception {
        String target = target("1000.00", null);
        String sale = post("600.00");
        evaluator.evaluate();
        assertEquals(List.of("25", "50"), milestones(target, 1));
        as(partner).body(Map.of("externalRef", uniqueCode("r"), "amount", "200.00", "reason", "returned",
                "occurredAt", "2023-06-02T10:00:00+07:00"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201);
        evaluator.evaluate();
        assertEquals(List.of("25", "50"), milestones(target, 1), "40 %: nothing is withdrawn");
        post("100.00");
        evaluator.evaluate();
        assertEquals(List.of("25", "50"), milestones(target, 1), "50 % again: not announced twice");
        post("300.00");
        evaluator.evaluate();
        assertEquals(List.of("25", "50", "75"), milestones(target, 1));

        asAdmin().body(Map.of("metric", "TRANSACTION_VALUE", "amount", "2000.00", "periodStart", "2023-01-01",
                "periodEnd", "2023-12-31", "reason", "raised")).put("/api/v1/campaigns/" + campaign + "/targets/"
                        + target).then().statusCode(200);
        evaluator.evaluate();
        assertEquals(List.of("25"), milestones(target, 2), "40 % of the revised target");
        assertEquals(4, count("select count(*) from webhook_message where subscription_id = '" + subscription
                + "' and payload -> 'data' ->> 'targetId' = '" + target + "'"));
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
