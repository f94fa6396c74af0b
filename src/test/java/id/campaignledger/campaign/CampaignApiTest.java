package id.campaignledger.campaign;

import static id.campaignledger.support.Api.ADMIN_KEY;
import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.invalid;
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

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CampaignApiTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AgroalDataSource database;

    private static String uniqueCode(String stem) {
        return stem + "_" + Long.toString(Math.abs(RANDOM.nextLong()), 36).toUpperCase();
    }

    /** An admin request that is wrong on purpose; only the response is held to the contract. */
    private static RequestSpecification asAdminBreakingTheContract() {
        return invalid().header("Authorization", "Bearer " + ADMIN_KEY).contentType(ContentType.JSON);
    }

    private static Map<String, Object> campaignBody(String code, String startsOn, String endsOn) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("name", "Bangga Buatan Indonesia");
        body.put("description", "National movement to buy Indonesian-made products.");
        body.put("startsOn", startsOn);
        body.put("endsOn", endsOn);
        return body;
    }

    private static String createCampaign(String startsOn, String endsOn) {
        String code = uniqueCode("BBI");
        asAdmin().body(campaignBody(code, startsOn, endsOn)).post("/api/v1/campaigns").then().statusCode(201);
        return code;
    }

    private static Map<String, Object> target(String metric, Object amount, String regionCode) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Banten BBI 2023");
        body.put("metric", metric);
        body.put("amount", amount);
        body.put("regionCode", regionCode);
        body.put("periodStart", "2023-01-01");
        body.put("periodEnd", "2023-12-31");
        return body;
    }

    private static String createTarget(String campaign, Map<String, Object> body) {
        return asAdmin().body(body).post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(201).extract().path("id");
    }

    // ---------- campaigns ----------

    @Test
    void anAdminCreatesACampaignAndEveryoneCanReadIt() {
        String code = uniqueCode("BBI");
        ExtractableResponse<Response> created = asAdmin().body(campaignBody(code, "2023-01-01", null))
                .post("/api/v1/campaigns")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/campaigns/" + code))
                .body("code", equalTo(code))
                .body("name", equalTo("Bangga Buatan Indonesia"))
                .body("description", equalTo("National movement to buy Indonesian-made products."))
                .body("startsOn", equalTo("2023-01-01"))
                .body("endsOn", nullValue())
                .body("createdAt", notNullValue())
                .extract();
        assertEquals((String) created.path("createdAt"), created.path("updatedAt"));

        String viewer = newPartnerKey("VIEWER");
        as(viewer).get(created.header("Location")).then().statusCode(200)
                .body("code", equalTo(code))
                .body("createdAt", equalTo(created.path("createdAt")));
        as(newPartnerKey("PARTNER")).get("/api/v1/campaigns/" + code).then().statusCode(200);
        as(viewer).get("/api/v1/campaigns").then().statusCode(200)
                .body("items.code", hasItem(code));
    }

    @Test
    void campaignsAreListedByCode() {
        String stem = uniqueCode("ORDER");
        for (String suffix : List.of("C", "A", "B")) {
            asAdmin().body(campaignBody(stem + suffix, "2023-01-01", null)).post("/api/v1/campaigns")
                    .then().statusCode(201);
        }
        List<String> codes = asAdmin().get("/api/v1/campaigns").then().statusCode(200).extract().path("items.code");
        assertEquals(new ArrayList<>(new TreeSet<>(codes)), codes);
        List<String> mine = codes.stream().filter(c -> c.startsWith(stem)).toList();
        assertEquals(List.of(stem + "A", stem + "B", stem + "C"), mine);
    }

    @Test
    void anAdminUpdatesNameDescriptionAndDates() {
        String code = createCampaign("2023-01-01", null);
        Map<String, Object> update = new HashMap<>();
        update.put("name", "Bangga Berwisata di Indonesia");
        update.put("description", null);
        update.put("startsOn", "2023-02-01");
        update.put("endsOn", "2023-12-31");
        asAdmin().body(update).put("/api/v1/campaigns/" + code)
                .then().statusCode(200)
                .body("code", equalTo(code))
                .body("name", equalTo("Bangga Berwisata di Indonesia"))
                .body("description", nullValue())
                .body("startsOn", equalTo("2023-02-01"))
                .body("endsOn", equalTo("2023-12-31"));
        asAdmin().get("/api/v1/campaigns/" + code).then().statusCode(200)
                .body("name", equalTo("Bangga Berwisata di Indonesia"))
                .body("endsOn", equalTo("2023-12-31"));
    }

    @Test
    void aDuplicateCodeIsAConflict() {
        String code = createCampaign("2023-01-01", null);
        asAdmin().body(campaignBody(code, "2024-01-01", null)).post("/api/v1/campaigns")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString(code));
    }

    @Test
    void anEndBeforeTheStartIsAValidationErrorOnEndsOn() {
        asAdmin().body(campaignBody(uniqueCode("BBI"), "2023-06-01", "2023-05-31")).post("/api/v1/campaigns")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:campaign-ledger:problem:validation"))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("endsOn"));

        String code = createCampaign("2023-01-01", null);
        asAdmin().body(Map.of("name", "BBI", "startsOn", "2023-06-01", "endsOn", "2023-01-01"))
                .put("/api/v1/campaigns/" + code)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("endsOn"));
        asAdmin().body(campaignBody(uniqueCode("BBI"), "2023-06-01", "2023-06-01")).post("/api/v1/campaigns")
                .then().statusCode(201);
    }

    @Test
    void malformedCampaignsAreRefusedByField() {
        asAdminBreakingTheContract()
                .body(campaignBody("bbi lower", "2023-01-01", null)).post("/api/v1/campaigns")
                .then().statusCode(400).body("errors[0].field", equalTo("code"));
        Map<String, Object> blank = campaignBody(uniqueCode("BBI"), "2023-01-01", null);
        blank.put("name", "   ");
        asAdmin().body(blank).post("/api/v1/campaigns")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        Map<String, Object> noStart = campaignBody(uniqueCode("BBI"), "2023-01-01", null);
        noStart.remove("startsOn");
        asAdminBreakingTheContract()
                .body(noStart).post("/api/v1/campaigns")
                .then().statusCode(400).body("errors[0].field", equalTo("startsOn"));
        Map<String, Object> extra = campaignBody(uniqueCode("BBI"), "2023-01-01", null);
        extra.put("budget", "1000");
        asAdminBreakingTheContract()
                .body(extra).post("/api/v1/campaigns")
                .then().statusCode(400).body("errors[0].field", equalTo("budget"));
    }

    @Test
    void anUnknownCampaignIsNotFound() {
        String code = uniqueCode("NOPE");
        asAdmin().get("/api/v1/campaigns/" + code).then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString(code));
        asAdmin().body(Map.of("name", "x", "startsOn", "2023-01-01")).put("/api/v1/campaigns/" + code)
                .then().statusCode(404);
        asAdmin().get("/api/v1/campaigns/" + code + "/targets").then().statusCode(404);
        asAdmin().body(target("TRANSACTION_VALUE", "1000.00", null)).post("/api/v1/campaigns/" + code + "/targets")
                .then().statusCode(404);
    }

    @Test
    void onlyAnAdminWritesCampaigns() {
        String partner = newPartnerKey("PARTNER");
        as(partner).body(campaignBody(uniqueCode("BBI"), "2023-01-01", null)).post("/api/v1/campaigns")
                .then().statusCode(403)
                .body("type", equalTo("urn:campaign-ledger:problem:forbidden"));
        String code = createCampaign("2023-01-01", null);
        as(newPartnerKey("VIEWER")).body(Map.of("name", "x", "startsOn", "2023-01-01"))
                .put("/api/v1/campaigns/" + code).then().statusCode(403);
        invalid().get("/api/v1/campaigns").then().statusCode(401);
    }

    @Test
    void newDatesMustStillCoverRecordedEntriesInJakartaTime() throws SQLException {
        String code = createCampaign("2023-01-01", null);
        // 00:30 in Jakarta on 1 June is still 31 May in UTC: the ledger's zone decides the day.
        recordEntry(code, OffsetDateTime.parse("2023-06-01T00:30:00+07:00"));
        recordEntry(code, OffsetDateTime.parse("2023-06-30T23:30:00+07:00"));

        asAdmin().body(Map.of("name", "BBI", "startsOn", "2023-06-02")).put("/api/v1/campaigns/" + code)
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:campaign-ledger:problem:rule-violation"))
                .body("detail", containsString("2023-06-01"));
        asAdmin().body(Map.of("name", "BBI", "startsOn", "2023-01-01", "endsOn", "2023-06-29"))
                .put("/api/v1/campaigns/" + code)
                .then().statusCode(422)
                .body("detail", containsString("2023-06-30"));
        asAdmin().body(Map.of("name", "BBI", "startsOn", "2023-06-01", "endsOn", "2023-06-30"))
                .put("/api/v1/campaigns/" + code)
                .then().statusCode(200)
                .body("startsOn", equalTo("2023-06-01"))
                .body("endsOn", equalTo("2023-06-30"));
    }

    /** Writes an entry straight to the table, as the transaction API would, to test the campaign rule alone. */
    private void recordEntry(String campaignCode, OffsetDateTime occurredAt) throws SQLException {
        try (Connection c = database.getConnection()) {
            int partnerId;
            try (PreparedStatement s = c.prepareStatement("insert into partner (code, name, kind, roles) "
                    + "values (?, 'Campaign test', 'OTHER', array['PARTNER']) returning id")) {
                s.setString(1, "campaign-test-" + UUID.randomUUID().toString().substring(0, 8));
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    partnerId = r.getInt(1);
                }
            }
            UUID umkmId = UUID.randomUUID();
            try (PreparedStatement s = c.prepareStatement(
                    "insert into umkm (id, name, region_code, scale) values (?, 'Gula Aren Sobang', '36.02', 'MIKRO')")) {
                s.setObject(1, umkmId);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    insert into ledger_entry (id, partner_id, external_ref, campaign_id, umkm_id, kind, amount, currency,
                        amount_idr, channel, occurred_at, region_code, request_digest)
                    select ?, ?, 'ref-1', id, ?, 'SALE', 1000.00, 'IDR', 1000.00, 'QRIS', ?, '36.02', sha256('x'::bytea)
                      from campaign where code = ?""")) {
                s.setObject(1, UUID.randomUUID());
                s.setInt(2, partnerId);
                s.setObject(3, umkmId);
                s.setObject(4, occurredAt);
                s.setString(5, campaignCode);
                assertEquals(1, s.executeUpdate());
            }
        }
    }

    // ---------- targets ----------

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
