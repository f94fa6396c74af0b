package id.campaignledger.milestone;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Api.uniqueCode;
import static id.campaignledger.support.Fixtures.sale;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.campaignledger.support.Concurrently;
import id.campaignledger.support.Fixtures;
import id.campaignledger.support.TestClock;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A crossing taken back by a reversal before the evaluator's next round is still a milestone:
 * the reversal looks at progress in its own transaction before it is written. The background
 * evaluator is off here; its rounds are run by the test, with the service's clock moved on.
 */
@QuarkusTest
class MilestoneReversalTest {

    @Inject
    MilestoneEvaluator evaluator;

    @Inject
    AgroalDataSource database;

    @Inject
    TestClock clock;

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

    @Test
    void aCrossingReversedBeforeTheNextRoundIsRecordedOnceAndARecrossingAddsNothing() throws Exception {
        String target = target("1000.00");
        String sale = post("600.00"); // 60 %: 25 and 50 crossed, and no round has run yet
        clock.advance(Duration.ofSeconds(1));
        reverse(sale, "600.00"); // back to 0 %, one second later, well within the 2 s between rounds
        assertEquals(List.of("25", "50"), milestones(target), "recorded by the reversal, before it took progress back");
        assertEquals(2, events(target));

        clock.advance(Duration.ofSeconds(2));
        evaluator.evaluateIfChanged();
        post("700.00"); // 70 %: 25 and 50 again, in the same revision
        clock.advance(Duration.ofSeconds(2));
        evaluator.evaluateIfChanged();
        assertEquals(List.of("25", "50"), milestones(target), "a re-crossing in the same revision adds nothing");
        assertEquals(2, events(target), "and announces nothing");
    }

    @Test
    void salesReversedWhileOthersPostAndEvaluatorsRaceRecordEachMilestoneOnce() throws Exception {
        String target = target("1000.00");
        post("480.00"); // 48 %: 25 reached
        // Six writers each post 30.00 (crossing 50 % while it stands) and reverse it at once, five
        // times; two evaluators race them as two replicas would. Progress ends at 48 %.
        Concurrently.run(8, i -> {
            for (int n = 0; n < 5; n++) {
                if (i < 6) {
                    reverse(post("30.00"), "30.00");
                } else {
                    evaluator.evaluate();
                }
            }
            return null;
        });
        evaluator.evaluate();
        assertEquals(List.of("25", "50"), milestones(target), "50 % was crossed each time a sale stood");
        assertEquals(2, events(target), "one event per (target, revision, threshold)");
        assertEquals(2L, count("select count(*) from target_milestone where target_id = '" + target + "'"));
    }

    private String target(String amount) {
        Map<String, Object> body = new HashMap<>(Map.of("metric", "TRANSACTION_VALUE", "amount", amount,
                "periodStart", "2023-01-01", "periodEnd", "2023-12-31", "name", "Reversal drill"));
        return asAdmin().body(body).post("/api/v1/campaigns/" + campaign + "/targets").then().statusCode(201)
                .extract().path("id");
    }

    private String post(String amount) {
        return Fixtures.post(partner, sale(uniqueCode("mr"), campaign, umkm, amount));
    }

    /** Within the target's period, so that it counts against it. */
    private void reverse(String sale, String amount) {
        as(partner).body(Map.of("externalRef", uniqueCode("r"), "amount", amount, "reason", "returned",
                "occurredAt", "2023-06-02T10:00:00+07:00"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201);
    }

    private List<String> milestones(String targetId) {
        List<String> thresholds = new ArrayList<>();
        for (Map<String, Object> m : as(partner).get("/api/v1/campaigns/" + campaign + "/milestones").then()
                .statusCode(200).extract().<List<Map<String, Object>>>path("items")) {
            if (m.get("targetId").equals(targetId) && ((Integer) m.get("targetVersion")) == 1) {
                thresholds.add((String) m.get("threshold"));
            }
        }
        return thresholds.stream().sorted((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                .toList();
    }

    private long events(String targetId) throws Exception {
        return count("select count(*) from webhook_message where subscription_id = '" + subscription
                + "' and payload -> 'data' ->> 'targetId' = '" + targetId + "'");
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
