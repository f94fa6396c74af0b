package id.campaignledger.ledger;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.post;
import static id.campaignledger.support.Fixtures.sale;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.support.Concurrently;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reversing a recorded sale, wholly or in part, by its partner or an administrator. */
@QuarkusTest
class ReversalApiTest extends PartnerCampaignAndUmkm {

    @Test
    void aFullReversalTakesAllThatRemainsAndNoMore() {
        String sale = post(partner, sale("ref-rev", campaign, umkmId, "1000.00"));
        as(partner).body(Map.of("externalRef", "rev-1", "amount", "400.00", "reason", "returned goods"))
                .post("/api/v1/transactions/" + sale + "/reversals")
                .then().statusCode(201)
                .body("kind", equalTo("REVERSAL"))
                .body("reverses", equalTo(sale))
                .body("amountIdr", equalTo("-400.00"))
                .body("regionCode", equalTo("36.02"));
        as(partner).body(Map.of("externalRef", "rev-2", "amount", "600.01", "reason", "too much"))
                .post("/api/v1/transactions/" + sale + "/reversals")
                .then().statusCode(422).body("detail", containsString("exceeds"));
        as(partner).body(Map.of("externalRef", "rev-3", "reason", "the rest"))
                .post("/api/v1/transactions/" + sale + "/reversals")
                .then().statusCode(201).body("amountIdr", equalTo("-600.00"));
        as(partner).body(Map.of("externalRef", "rev-3", "reason", "the rest"))
                .post("/api/v1/transactions/" + sale + "/reversals")
                .then().statusCode(200).header("Idempotent-Replayed", "true");
        as(partner).body(Map.of("externalRef", "rev-4", "reason", "again"))
                .post("/api/v1/transactions/" + sale + "/reversals")
                .then().statusCode(422);
    }

    @Test
    void aForeignReversalOfAllThatRemainsLeavesNoSenBehind() {
        Map<String, Object> krw = sale("ref-krw", campaign, umkmId, "333.33");
        krw.put("currency", "KRW");
        krw.put("fxRateToIdr", "11.7777");
        String sale = as(partner).body(krw).post("/api/v1/transactions").then().statusCode(201)
                .body("amountIdr", equalTo("3925.86")).extract().path("id");
        as(partner).body(Map.of("externalRef", "rev-krw-1", "amount", "111.11", "reason", "part"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201)
                .body("amount", equalTo("-111.11")).body("amountIdr", equalTo("-1308.62"));
        as(partner).body(Map.of("externalRef", "rev-krw-2", "reason", "rest"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201)
                .body("amount", equalTo("-222.22")).body("amountIdr", equalTo("-2617.24"));
    }

    @Test
    void aReversalCannotBeReversedOrPrecedeItsSale() {
        String sale = post(partner, sale("ref-rr", campaign, umkmId, "1000.00"));
        as(partner).body(Map.of("externalRef", "rev-early", "reason", "x", "occurredAt", "2023-05-01T00:00:00Z"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(422);
        String reversal = as(partner).body(Map.of("externalRef", "rev-rr", "amount", "1", "reason", "x"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201).extract().path("id");
        as(partner).body(Map.of("externalRef", "rev-rr-2", "reason", "x"))
                .post("/api/v1/transactions/" + reversal + "/reversals").then().statusCode(422);
    }

    @Test
    void concurrentReversalsNeverExceedTheSale() throws Exception {
        String sale = post(partner, sale("ref-crev", campaign, umkmId, "1000.00"));
        List<Response> responses = Concurrently.run(16, i -> as(partner)
                .body(Map.of("externalRef", "crev-" + i, "amount", "150.00", "reason", "race"))
                .post("/api/v1/transactions/" + sale + "/reversals"));
        long created = responses.stream().filter(r -> r.statusCode() == 201).count();
        assertTrue(responses.stream().allMatch(r -> r.statusCode() == 201 || r.statusCode() == 422));
        assertEquals(6, created); // 6 × 150 = 900 fits in 1000; a seventh would not
        assertEquals(new BigDecimal("-900.00"), sumReversed(sale));
    }

    @Test
    void anAdministratorMayReverseAPartnersEntry() {
        String sale = post(partner, sale("ref-admin-rev", campaign, umkmId, "50.00"));
        asAdmin().body(Map.of("externalRef", "admin-rev-1", "reason", "fraud"))
                .post("/api/v1/transactions/" + sale + "/reversals")
                .then().statusCode(201).body("amountIdr", equalTo("-50.00"));
    }

    private BigDecimal sumReversed(String sale) throws Exception {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select coalesce(sum(amount_idr), 0) from ledger_entry where reverses = ?::uuid")) {
            s.setString(1, sale);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertNotNull(r.getBigDecimal(1));
                return r.getBigDecimal(1);
            }
        }
    }
}
