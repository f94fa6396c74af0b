package id.campaignledger.milestone;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.campaignledger.support.Concurrently;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    private MilestoneLedger ledger;

    @BeforeEach
    void ledgerAndSubscriber() {
        ledger = new MilestoneLedger(database);
    }

    @AfterEach
    void unsubscribe() {
        ledger.unsubscribe();
    }

    @Test
    void bantenPassesOneHundredOneThousandAndTenThousandPercentEachAnnouncedOnce() throws Exception {
        String banten = ledger.target("60000000000.00", "36");
        ledger.post("12000000000000.00");
        evaluator.evaluate();
        evaluator.evaluate();
        assertEquals(List.of("25", "50", "75", "100", "1000", "10000"), ledger.milestones(banten, 1));
        assertEquals(6, ledger.events(banten));
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(
                "select payload::text from webhook_message where subscription_id = ?::uuid")) {
            s.setString(1, ledger.subscription);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    id.campaignledger.webhook.WebhookPayloads.check(r.getString(1));
                }
            }
        }
        as(ledger.partner).get("/api/v1/campaigns/" + ledger.campaign + "/milestones").then().statusCode(200)
                .body("items.find { it.threshold == '10000' }.percent", org.hamcrest.Matchers.equalTo("20000.00"));
    }

    @Test
    void concurrentPostsAndEvaluatorsRecordEachMilestoneOnce() throws Exception {
        String target = ledger.target("1000.00", null);
        // Eight writers post 25.00 eight times each (1,600.00 = 160 %) while four evaluators race them,
        // as four replicas would.
        Concurrently.run(12, i -> {
            for (int n = 0; n < 8; n++) {
                if (i < 8) {
                    ledger.post("25.00");
                } else {
                    evaluator.evaluate();
                }
            }
            return null;
        });
        evaluator.evaluate();
        assertEquals(List.of("25", "50", "75", "100"), ledger.milestones(target, 1));
        assertEquals(4, ledger.events(target), "one event per milestone");
    }

    @Test
    void aReversalBelowAThresholdKeepsItsMilestoneAndANewRevisionStartsAfresh() throws Exception {
        String target = ledger.target("1000.00", null);
        String sale = ledger.post("600.00");
        evaluator.evaluate();
        assertEquals(List.of("25", "50"), ledger.milestones(target, 1));
        ledger.reverse(sale, "200.00");
        evaluator.evaluate();
        assertEquals(List.of("25", "50"), ledger.milestones(target, 1), "40 %: nothing is withdrawn");
        ledger.post("100.00");
        evaluator.evaluate();
        assertEquals(List.of("25", "50"), ledger.milestones(target, 1), "50 % again: not announced twice");
        ledger.post("300.00");
        evaluator.evaluate();
        assertEquals(List.of("25", "50", "75"), ledger.milestones(target, 1));

        asAdmin().body(Map.of("metric", "TRANSACTION_VALUE", "amount", "2000.00", "periodStart", "2023-01-01",
                "periodEnd", "2023-12-31", "reason", "raised")).put("/api/v1/campaigns/" + ledger.campaign + "/targets/"
                        + target).then().statusCode(200);
        evaluator.evaluate();
        assertEquals(List.of("25"), ledger.milestones(target, 2), "40 % of the revised target");
        assertEquals(4, ledger.events(target));
    }
}
