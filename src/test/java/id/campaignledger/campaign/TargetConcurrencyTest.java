package id.campaignledger.campaign;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.support.Concurrently;
import id.campaignledger.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Revisions of several targets of one campaign at once, by two administrators, while progress is
 * read: each target's versions stay consecutive from 1 without gaps or repeats, its history
 * holds every accepted revision exactly once, and its current values are its last revision.
 */
@QuarkusTest
class TargetConcurrencyTest {

    @Test
    void interleavedRevisionsOfSeveralTargetsKeepEachHistoryConsecutiveAndComplete() throws Exception {
        String campaign = Fixtures.campaign();
        String adminPartner = newPartnerKey("ADMIN");
        List<String> targets = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            targets.add(asAdmin().body(target(1000 + t)).post("/api/v1/campaigns/" + campaign + "/targets")
                    .then().statusCode(201).extract().path("id"));
        }
        int perTarget = 6;
        int threads = targets.size() * perTarget + 2;
        // Threads 0..17 revise (target = i % 3, alternating admin keys); the last two read progress meanwhile.
        List<Response> responses = Concurrently.run(threads, i -> {
            if (i >= targets.size() * perTarget) {
                return asAdmin().get("/api/v1/campaigns/" + campaign + "/progress");
            }
            Map<String, Object> body = target(2000 + i);
            body.put("reason", "revision " + i);
            return (i % 2 == 0 ? asAdmin() : as(adminPartner)).body(body)
                    .put("/api/v1/campaigns/" + campaign + "/targets/" + targets.get(i % targets.size()));
        });
        for (Response r : responses) {
            assertEquals(200, r.statusCode(), r.asString());
        }

        for (int t = 0; t < targets.size(); t++) {
            String id = targets.get(t);
            List<Integer> versions = new ArrayList<>();
            for (int i = t; i < targets.size() * perTarget; i += targets.size()) {
                versions.add(responses.get(i).path("version"));
            }
            assertEquals(IntStream.rangeClosed(2, perTarget + 1).boxed().toList(), versions.stream().sorted().toList(),
                    "versions handed out for target " + t);

            JsonPath history = asAdmin().get("/api/v1/campaigns/" + campaign + "/targets/" + id + "/revisions")
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(IntStream.rangeClosed(1, perTarget + 1).boxed().toList(), history.getList("items.version"));
            List<String> reasons = history.getList("items.reason");
            for (int i = t; i < targets.size() * perTarget; i += targets.size()) {
                int version = responses.get(i).path("version");
                assertEquals("revision " + i, reasons.get(version - 1), "revision " + i + " is stored as its version");
                assertEquals(responses.get(i).<String>path("amount"), history.getString("items[" + (version - 1)
                        + "].amount"));
            }
            String lastAmount = history.getString("items[" + perTarget + "].amount");
            JsonPath current = asAdmin().get("/api/v1/campaigns/" + campaign + "/targets").then().statusCode(200)
                    .extract().jsonPath();
            Map<String, Object> row = current.getMap("items.find { it.id == '" + id + "' }");
            assertEquals(perTarget + 1, row.get("version"));
            assertEquals(lastAmount, row.get("amount"));
            assertTrue(reasons.get(0) == null, "version 1 is the creation");
        }
    }

    private static Map<String, Object> target(int amount) {
        return new HashMap<>(Map.of("metric", "TRANSACTION_VALUE", "amount", amount + ".00", "periodStart",
                "2023-01-01", "periodEnd", "2023-12-31"));
    }
}
