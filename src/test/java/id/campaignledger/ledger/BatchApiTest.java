package id.campaignledger.ledger;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.invalid;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.post;
import static id.campaignledger.support.Fixtures.sale;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Many transactions at once: a JSON batch and a CSV import, each item accepted or rejected on its own. */
@QuarkusTest
class BatchApiTest extends PartnerCampaignAndUmkm {

    @Test
    void aBatchOfAThousandKeepsTheGoodItemsAndRejectsTheBad() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> item = sale("batch-" + i, campaign, umkmId, (i + 1) + ".25");
            if (i % 100 == 7) {
                item.put("amount", "-1"); // 10 bad items
            }
            items.add(item);
        }
        Map<String, Object> batch = Map.of("items", items);
        Response first = invalid().header("Authorization", "Bearer " + partner).contentType("application/json")
                .body(batch).post("/api/v1/transactions/batch");
        first.then().statusCode(200)
                .body("created", equalTo(990)).body("replayed", equalTo(0)).body("rejected", equalTo(10))
                .body("results", hasSize(1000))
                .body("results[7].status", equalTo("REJECTED"))
                .body("results[7].index", equalTo(7))
                .body("results[7].problem.errors[0].field", equalTo("amount"))
                .body("results[8].status", equalTo("CREATED"));
        Response again = invalid().header("Authorization", "Bearer " + partner).contentType("application/json")
                .body(batch).post("/api/v1/transactions/batch");
        again.then().statusCode(200)
                .body("created", equalTo(0)).body("replayed", equalTo(990)).body("rejected", equalTo(10));
        assertEquals((String) first.path("results[8].id"), again.path("results[8].id"));
    }

    @Test
    void aBatchItemThatCannotBeReadRejectsOnlyItself() {
        Map<String, Object> good = sale("batch-good", campaign, umkmId, "10");
        Map<String, Object> wrongType = sale("batch-wrong", campaign, umkmId, "10");
        wrongType.put("channel", 42);
        Map<String, Object> repeatConflict = sale("batch-good", campaign, umkmId, "11");
        invalid().header("Authorization", "Bearer " + partner).contentType("application/json")
                .body(Map.of("items", List.of(good, wrongType, "not an object", good, repeatConflict)))
                .post("/api/v1/transactions/batch")
                .then().statusCode(200)
                .body("created", equalTo(1)).body("replayed", equalTo(1)).body("rejected", equalTo(3))
                .body("results.status", equalTo(List.of("CREATED", "REJECTED", "REJECTED", "REPLAYED", "REJECTED")))
                .body("results[4].problem.status", equalTo(409));
    }

    @Test
    void aBatchMustHoldOneToAThousandItems() {
        invalid().header("Authorization", "Bearer " + partner).contentType("application/json")
                .body(Map.of("items", List.of())).post("/api/v1/transactions/batch")
                .then().statusCode(400).body("errors[0].field", equalTo("items"));
    }

    @Test
    void aCsvImportReportsEachRowByItsLineNumber() {
        String csv = """
                externalRef,campaign,umkmId,amount,currency,fxRateToIdr,channel,occurredAt,metadata
                csv-1,%1$s,%2$s,1500.00,IDR,,MARKETPLACE,2023-07-01T09:00:00+07:00,
                csv-2,%1$s,%2$s,-3,IDR,,QRIS,2023-07-01T09:00:00+07:00,
                "csv-3",%1$s,%2$s,"20.50",EUR,17000,EXPORT,2023-07-02T09:00:00+07:00,"{""buyer"": ""Rotterdam, NL""}"

                csv-4,%1$s,%2$s,99,IDR,,OFFLINE,2023-07-03T09:00:00+07:00,
                """.formatted(campaign, umkmId);
        Response imported = as(partner).contentType("text/csv").body(csv).post("/api/v1/transactions/import");
        imported.then().statusCode(200)
                .body("created", equalTo(3)).body("rejected", equalTo(1))
                .body("results.line", equalTo(List.of(2, 3, 4, 6)))
                .body("results[1].status", equalTo("REJECTED"))
                .body("results[1].problem.errors[0].field", equalTo("amount"));
        as(partner).get("/api/v1/transactions/" + imported.path("results[2].id")).then().statusCode(200)
                .body("amountIdr", equalTo("348500.00")).body("metadata.buyer", equalTo("Rotterdam, NL"));
        as(partner).contentType("text/csv").body(csv).post("/api/v1/transactions/import")
                .then().statusCode(200).body("replayed", equalTo(3)).body("rejected", equalTo(1));
    }

    @Test
    void aCsvWithAnUnknownColumnIsRefusedWhole() {
        invalid().header("Authorization", "Bearer " + partner).contentType("text/csv")
                .body("externalRef,campaign,umkmId,amount,currency,channel,occurredAt,price\n")
                .post("/api/v1/transactions/import")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("price"));
    }
}
