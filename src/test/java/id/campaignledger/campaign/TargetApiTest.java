package id.campaignledger.campaign;

import static id.campaignledger.campaign.CampaignFixtures.asAdminBreakingTheContract;
import static id.campaignledger.campaign.CampaignFixtures.createCampaign;
import static id.campaignledger.campaign.CampaignFixtures.createTarget;
import static id.campaignledger.campaign.CampaignFixtures.target;
import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A campaign's targets: creation rules, revisions with their history, and who may write them. */
@QuarkusTest
class TargetApiTest {

    @Test
    void targetsOfEveryMetricAreCreatedAtVersionOne() {
        String campaign = createCampaign("2023-01-01", null);
        ExtractableResponse<Response> value = asAdmin().body(target("TRANSACTION_VALUE", "60000000000", "36"))
                .post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(201)
                .body("campaign", equalTo(campaign))
                .body("name", equalTo("Banten BBI 2023"))
                .body("metric", equalTo("TRANSACTION_VALUE"))
                .body("amount", equalTo("60000000000.00"))
                .body("regionCode", equalTo("36"))
                .body("regionName", equalTo("Banten"))
                .body("periodStart", equalTo("2023-01-01"))
                .body("periodEnd", equalTo("2023-12-31"))
                .body("version", equalTo(1))
                .extract();
        assertEquals("/api/v1/campaigns/" + campaign + "/targets/" + value.path("id"),
                URI.create(value.header("Location")).getPath());
        assertEquals((String) value.path("createdAt"), value.path("updatedAt"));

        Map<String, Object> count = target("TRANSACTION_COUNT", 1206, "36.02");
        count.put("periodStart", "2023-03-01");
        asAdmin().body(count).post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(201)
                .body("amount", equalTo("1206"))
                .body("regionName", equalTo("Kabupaten Lebak"));

        Map<String, Object> active = target("ACTIVE_UMKM", "500.00", null);
        active.put("name", null);
        active.put("periodStart", "2023-02-01");
        asAdmin().body(active).post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(201)
                .body("amount", equalTo("500"))
                .body("name", nullValue())
                .body("regionCode", nullValue())
                .body("regionName", nullValue());

        as(newPartnerKey("VIEWER")).get("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(200)
                .body("items", hasSize(3))
                .body("items.metric", equalTo(List.of("TRANSACTION_VALUE", "ACTIVE_UMKM", "TRANSACTION_COUNT")))
                .body("items.amount", equalTo(List.of("60000000000.00", "500", "1206")))
                .body("items.version", equalTo(List.of(1, 1, 1)));
    }

    @Test
    void aValueTargetKeepsItsSenAndANumberIsTakenExactly() {
        String campaign = createCampaign("2023-01-01", null);
        asAdmin().body(target("TRANSACTION_VALUE", new BigDecimal("0.10"), null))
                .post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(201).body("amount", equalTo("0.10"));
        asAdmin().body(target("TRANSACTION_VALUE", "1000000000000000.00", null))
                .post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(201).body("amount", equalTo("1000000000000000.00"));
    }

    @Test
    void aFractionalCountIsARuleViolation() {
        String campaign = createCampaign("2023-01-01", null);
        asAdmin().body(target("TRANSACTION_COUNT", "12.5", null)).post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(422)
                .body("type", equalTo("urn:campaign-ledger:problem:rule-violation"))
                .body("detail", containsString("whole"));
        asAdmin().body(target("ACTIVE_UMKM", 7.25, null)).post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(422);
        asAdmin().body(target("ACTIVE_UMKM", "7.00", null)).post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(201).body("amount", equalTo("7"));
    }

    @Test
    void badAmountsAreValidationErrors() {
        String campaign = createCampaign("2023-01-01", null);
        for (Object amount : List.of("10.001", "0", "-5", "1000000000000000.01", "abc", -1, 0)) {
            asAdminBreakingTheContract()
                    .body(target("TRANSACTION_VALUE", amount, null))
                    .post("/api/v1/campaigns/" + campaign + "/targets")
                    .then().statusCode(400)
                    .body("errors[0].field", equalTo("amount"));
        }
    }

    @Test
    void anUnknownRegionIsARuleViolation() {
        String campaign = createCampaign("2023-01-01", null);
        asAdmin().body(target("TRANSACTION_VALUE", "1000.00", "99")).post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(422)
                .body("detail", containsString("99"));
        asAdminBreakingTheContract()
                .body(target("TRANSACTION_VALUE", "1000.00", "Banten"))
                .post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("regionCode"));
    }

    @Test
    void aPeriodEndingBeforeItStartsIsAValidationErrorOnPeriodEnd() {
        String campaign = createCampaign("2023-01-01", null);
        Map<String, Object> body = target("TRANSACTION_VALUE", "1000.00", null);
        body.put("periodEnd", "2022-12-31");
        asAdmin().body(body).post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(400)
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("periodEnd"));
    }

    @Test
    void onlyAnAdminWritesTargets() {
        String campaign = createCampaign("2023-01-01", null);
        String targetId = createTarget(campaign, target("TRANSACTION_VALUE", "1000.00", null));
        String partner = newPartnerKey("PARTNER");
        as(partner).body(target("TRANSACTION_VALUE", "1000.00", null))
                .post("/api/v1/campaigns/" + campaign + "/targets").then().statusCode(403);
        as(partner).body(target("TRANSACTION_VALUE", "2000.00", null))
                .put("/api/v1/campaigns/" + campaign + "/targets/" + targetId).then().statusCode(403);
        as(partner).get("/api/v1/campaigns/" + campaign + "/targets/" + targetId + "/revisions")
                .then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void aRevisionKeepsEveryVersionWithWhoAndWhen() {
        String campaign = createCampaign("2023-01-01", null);
        String targetId = createTarget(campaign, target("TRANSACTION_VALUE", "60000000000.00", "36"));

        Map<String, Object> raised = target("TRANSACTION_VALUE", "75000000000.50", "36.02");
        raised.put("reason", "Raised after the mid-year review.");
        ExtractableResponse<Response> revised = asAdmin().body(raised)
                .put("/api/v1/campaigns/" + campaign + "/targets/" + targetId)
                .then().statusCode(200)
                .body("id", equalTo(targetId))
                .body("version", equalTo(2))
                .body("amount", equalTo("75000000000.50"))
                .body("regionCode", equalTo("36.02"))
                .body("regionName", equalTo("Kabupaten Lebak"))
                .extract();
        assertNotEquals((String) revised.path("createdAt"), revised.path("updatedAt"),
                "a revision moves updatedAt, not createdAt");

        as(newPartnerKey("VIEWER")).get("/api/v1/campaigns/" + campaign + "/targets/" + targetId + "/revisions")
                .then().statusCode(200)
                .body("items", hasSize(2))
                .body("items.version", equalTo(List.of(1, 2)))
                .body("items.amount", equalTo(List.of("60000000000.00", "75000000000.50")))
                .body("items.regionCode", equalTo(List.of("36", "36.02")))
                .body("items.revisedBy", equalTo(List.of("bootstrap-admin", "bootstrap-admin")))
                .body("items[0].reason", nullValue())
                .body("items[1].reason", equalTo("Raised after the mid-year review."))
                .body("items[0].revisedAt", notNullValue())
                .body("items[1].revisedAt", equalTo(revised.path("updatedAt")));
        asAdmin().get("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].version", equalTo(2))
                .body("items[0].amount", equalTo("75000000000.50"));
    }

    @Test
    void aRevisionByAPartnerAdminRecordsThatPartner() {
        String campaign = createCampaign("2023-01-01", null);
        String targetId = createTarget(campaign, target("TRANSACTION_COUNT", "100", null));
        String code = "admin-" + UUID.randomUUID().toString().substring(0, 8);
        String key = asAdmin().body(Map.of("code", code, "name", "Pemprov Banten", "kind", "GOVERNMENT",
                "roles", List.of("ADMIN"))).post("/api/v1/partners").then().statusCode(201).extract().path("apiKey");
        as(key).body(target("TRANSACTION_COUNT", "150", null))
                .put("/api/v1/campaigns/" + campaign + "/targets/" + targetId).then().statusCode(200);
        asAdmin().get("/api/v1/campaigns/" + campaign + "/targets/" + targetId + "/revisions")
                .then().statusCode(200)
                .body("items.revisedBy", equalTo(List.of("bootstrap-admin", code)));
    }

    @Test
    void aRevisionFollowsTheCreationRules() {
        String campaign = createCampaign("2023-01-01", null);
        String targetId = createTarget(campaign, target("TRANSACTION_COUNT", "100", null));
        String path = "/api/v1/campaigns/" + campaign + "/targets/" + targetId;
        asAdmin().body(target("TRANSACTION_COUNT", "100.5", null)).put(path).then().statusCode(422);
        asAdmin().body(target("TRANSACTION_COUNT", "100", "99.99")).put(path).then().statusCode(422);
        Map<String, Object> backwards = target("TRANSACTION_COUNT", "100", null);
        backwards.put("periodEnd", "2022-01-01");
        asAdmin().body(backwards).put(path).then().statusCode(400).body("errors[0].field", equalTo("periodEnd"));
        Map<String, Object> longReason = target("TRANSACTION_COUNT", "100", null);
        longReason.put("reason", "x".repeat(501));
        asAdminBreakingTheContract()
                .body(longReason).put(path).then().statusCode(400).body("errors[0].field", equalTo("reason"));
        asAdminBreakingTheContract()
                .body(longReason).post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        asAdmin().get(path + "/revisions").then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void anUnknownTargetOrATargetOfAnotherCampaignIsNotFound() {
        String campaign = createCampaign("2023-01-01", null);
        String other = createCampaign("2023-01-01", null);
        String targetId = createTarget(campaign, target("TRANSACTION_VALUE", "1000.00", null));
        asAdmin().body(target("TRANSACTION_VALUE", "2000.00", null))
                .put("/api/v1/campaigns/" + other + "/targets/" + targetId).then().statusCode(404);
        asAdmin().get("/api/v1/campaigns/" + other + "/targets/" + targetId + "/revisions").then().statusCode(404);
        asAdmin().get("/api/v1/campaigns/" + other + "/targets").then().statusCode(200)
                .body("items.id", not(hasItem(targetId)));
        String unknown = UUID.randomUUID().toString();
        asAdmin().body(target("TRANSACTION_VALUE", "2000.00", null))
                .put("/api/v1/campaigns/" + campaign + "/targets/" + unknown).then().statusCode(404);
        asAdmin().get("/api/v1/campaigns/" + campaign + "/targets/" + unknown + "/revisions").then().statusCode(404);
        asAdminBreakingTheContract()
                .get("/api/v1/campaigns/" + campaign + "/targets/not-a-uuid/revisions")
                .then().statusCode(404).contentType("application/problem+json");
        asAdmin().get("/api/v1/campaigns/" + campaign + "/targets/" + targetId + "/revisions")
                .then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void concurrentRevisionsGetDistinctConsecutiveVersions() throws Exception {
        String campaign = createCampaign("2023-01-01", null);
        String targetId = createTarget(campaign, target("TRANSACTION_VALUE", "1000.00", null));
        String path = "/api/v1/campaigns/" + campaign + "/targets/" + targetId;
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> versions = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Map<String, Object> body = target("TRANSACTION_VALUE", (2000 + i) + ".00", null);
                body.put("reason", "revision " + i);
                versions.add(pool.submit((Callable<Integer>) () -> {
                    start.await();
                    return asAdmin().body(body).put(path).then().statusCode(200).extract().path("version");
                }));
            }
            start.countDown();
            List<Integer> seen = new ArrayList<>();
            for (Future<Integer> version : versions) {
                seen.add(version.get());
            }
            assertEquals(IntStream.rangeClosed(2, threads + 1).boxed().toList(), seen.stream().sorted().toList());
        } finally {
            pool.shutdownNow();
        }
        List<Integer> revisionVersions = asAdmin().get(path + "/revisions").then().statusCode(200)
                .extract().path("items.version");
        assertEquals(IntStream.rangeClosed(1, threads + 1).boxed().toList(), revisionVersions);
        String lastAmount = asAdmin().get(path + "/revisions").then().extract().path("items[" + threads + "].amount");
        asAdmin().get("/api/v1/campaigns/" + campaign + "/targets").then().statusCode(200)
                .body("items[0].version", equalTo(threads + 1))
                .body("items[0].amount", equalTo(lastAmount));
    }
}
