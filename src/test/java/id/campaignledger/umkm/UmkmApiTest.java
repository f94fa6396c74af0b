package id.campaignledger.umkm;

import static id.campaignledger.support.Api.ADMIN_KEY;
import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.invalid;
import static id.campaignledger.support.Api.newPartnerKey;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UmkmApiTest {

    @Inject
    AgroalDataSource database;

    private static Map<String, Object> umkm(String nib, String regionCode) {
        Map<String, Object> body = new HashMap<>();
        body.put("nib", nib);
        body.put("name", "Gula Aren Organik Sobang");
        body.put("regionCode", regionCode);
        body.put("sector", "10729");
        body.put("scale", "MIKRO");
        return body;
    }

    private static Map<String, Object> umkm(String regionCode, boolean curated, boolean exportReady) {
        Map<String, Object> body = umkm(Fixtures.nib(), regionCode);
        body.put("curated", curated);
        body.put("exportReady", exportReady);
        return body;
    }

    private static String register(Map<String, Object> body) {
        return asAdmin().body(body).post("/api/v1/umkm").then().statusCode(201).extract().path("id");
    }

    /** An admin request that is wrong on purpose; only the response is held to the contract. */
    private static RequestSpecification asAdminBreakingTheContract() {
        return invalid().header("Authorization", "Bearer " + ADMIN_KEY).contentType(ContentType.JSON);
    }

    @Test
    void registeringAUmkmAnswersCreatedWithItsLocation() {
        String nib = Fixtures.nib();
        Map<String, Object> body = umkm(nib, "36.02");
        body.put("curated", true);
        body.put("exportReady", true);
        body.put("digitalPayments", true);
        ExtractableResponse<Response> created = as(newPartnerKey("PARTNER")).body(body).post("/api/v1/umkm")
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("nib", equalTo(nib))
                .body("name", equalTo("Gula Aren Organik Sobang"))
                .body("regionCode", equalTo("36.02"))
                .body("regionName", equalTo("Kabupaten Lebak"))
                .body("sector", equalTo("10729"))
                .body("scale", equalTo("MIKRO"))
                .body("curated", equalTo(true))
                .body("exportReady", equalTo(true))
                .body("digitalPayments", equalTo(true))
                .body("createdAt", notNullValue())
                .extract();
        String id = created.path("id");
        assertEquals("/api/v1/umkm/" + id, URI.create(created.header("Location")).getPath());
        as(newPartnerKey("VIEWER")).get(created.header("Location")).then().statusCode(200)
                .body("id", equalTo(id))
                .body("nib", equalTo(nib))
                .body("regionName", equalTo("Kabupaten Lebak"))
                .body("createdAt", equalTo(created.path("createdAt")));
    }

    @Test
    void flagsDefaultToFalseAndOptionalFieldsMayBeLeftOut() {
        Map<String, Object> body = Map.of("name", "Warung Kopi Banten", "regionCode", "36", "scale", "KECIL");
        asAdmin().body(body).post("/api/v1/umkm").then().statusCode(201)
                .body("nib", nullValue())
                .body("sector", nullValue())
                .body("regionName", equalTo("Banten"))
                .body("curated", equalTo(false))
                .body("exportReady", equalTo(false))
                .body("digitalPayments", equalTo(false));
        // Without a NIB nothing identifies a business twice: each registration is a new one.
        String first = asAdmin().body(body).post("/api/v1/umkm").then().statusCode(201).extract().path("id");
        String second = asAdmin().body(body).post("/api/v1/umkm").then().statusCode(201).extract().path("id");
        assertNotEquals(first, second);
    }

    @Test
    void aKnownNibReturnsTheExistingUmkmUnchanged() {
        String nib = Fixtures.nib();
        String id = register(umkm(nib, "36.02"));
        Map<String, Object> again = umkm(nib, "36.01");
        again.put("name", "Another name");
        again.put("curated", true);
        as(newPartnerKey("PARTNER")).body(again).post("/api/v1/umkm")
                .then().statusCode(200)
                .header("Location", nullValue())
                .body("id", equalTo(id))
                .body("name", equalTo("Gula Aren Organik Sobang"))
                .body("regionCode", equalTo("36.02"))
                .body("curated", equalTo(false));
    }

    @Test
    void concurrentRegistrationsOfOneNibYieldOneUmkm() throws Exception {
        String nib = Fixtures.nib();
        String partner = newPartnerKey("PARTNER");
        int threads = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Integer> statuses = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try {
            List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String key = i % 2 == 0 ? partner : ADMIN_KEY;
                answers.add(pool.submit((Callable<ExtractableResponse<Response>>) () -> {
                    start.await();
                    return as(key).body(umkm(nib, "36.02")).post("/api/v1/umkm").then().extract();
                }));
            }
            start.countDown();
            for (Future<ExtractableResponse<Response>> answer : answers) {
                statuses.add(answer.get().statusCode());
                ids.add(answer.get().path("id"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, ids.size(), "one UMKM for one NIB: " + ids);
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(threads - 1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
    }

    @Test
    void theRegisteringPartnerIsRecorded() throws Exception {
        String nib = Fixtures.nib();
        String code = "umkm-reg-" + UUID.randomUUID().toString().substring(0, 8);
        String key = asAdmin().body(Map.of("code", code, "name", "Tokoku", "kind", "MARKETPLACE",
                "roles", List.of("PARTNER"))).post("/api/v1/partners").then().statusCode(201).extract().path("apiKey");
        String byPartner = as(key).body(umkm(nib, "36.03")).post("/api/v1/umkm").then().statusCode(201)
                .extract().path("id");
        String byAdmin = register(umkm(Fixtures.nib(), "36.03"));
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("select u.id::text, p.code from umkm u "
                        + "left join partner p on p.id = u.registered_by where u.id in (?::uuid, ?::uuid)")) {
            s.setString(1, byPartner);
            s.setString(2, byAdmin);
            Map<String, String> registeredBy = new HashMap<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    registeredBy.put(r.getString(1), r.getString(2));
                }
            }
            assertEquals(code, registeredBy.get(byPartner));
            assertNull(registeredBy.get(byAdmin), "the bootstrap admin is not a partner");
            assertTrue(registeredBy.containsKey(byAdmin));
        }
    }

    @Test
    void aViewerCannotRegister() {
        as(newPartnerKey("VIEWER")).body(umkm(Fixtures.nib(), "36")).post("/api/v1/umkm")
                .then().statusCode(403);
        invalid().get("/api/v1/umkm").then().statusCode(401);
    }

    @Test
    void malformedFieldsAreValidationErrors() {
        for (String nib : List.of("123", "12345678901234", "91200012345ab")) {
            asAdminBreakingTheContract().body(umkm(nib, "36.02")).post("/api/v1/umkm")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:campaign-ledger:problem:validation"))
                    .body("errors.field", hasItem("nib"));
        }
        Map<String, Object> sector = umkm(Fixtures.nib(), "36.02");
        sector.put("sector", "1");
        asAdminBreakingTheContract().body(sector).post("/api/v1/umkm")
                .then().statusCode(400).body("errors[0].field", equalTo("sector"));
        Map<String, Object> scale = umkm(Fixtures.nib(), "36.02");
        scale.put("scale", "BESAR");
        asAdminBreakingTheContract().body(scale).post("/api/v1/umkm")
                .then().statusCode(400).body("errors[0].field", equalTo("scale"));
        Map<String, Object> region = umkm(Fixtures.nib(), "Lebak");
        asAdminBreakingTheContract().body(region).post("/api/v1/umkm")
                .then().statusCode(400).body("errors[0].field", equalTo("regionCode"));
        Map<String, Object> noName = umkm(Fixtures.nib(), "36.02");
        noName.remove("name");
        asAdminBreakingTheContract().body(noName).post("/api/v1/umkm")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
    }

    @Test
    void anUnknownRegionIsARuleViolation() {
        asAdmin().body(umkm(Fixtures.nib(), "36.99")).post("/api/v1/umkm")
                .then().statusCode(422)
                .body("type", equalTo("urn:campaign-ledger:problem:rule-violation"))
                .body("detail", containsString("36.99"));
    }

    @Test
    void anUnknownOrMalformedIdIsNotFound() {
        asAdmin().get("/api/v1/umkm/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        asAdminBreakingTheContract().get("/api/v1/umkm/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void theListFiltersByRegionPrefixAndFlags() {
        Set<String> curatedInBantenBefore = allIds("regionCode=36&curated=true");
        Set<String> exportReadyInLebakBefore = allIds("regionCode=36.02&exportReady=true");
        Set<String> notCuratedBefore = allIds("curated=false&exportReady=false");

        String province = register(umkm("36", true, false));
        String lebak = register(umkm("36.02", true, true));
        String kotaSerang = register(umkm("36.73", true, false));
        String bantenUncurated = register(umkm("36.02", false, false));
        String jawaBarat = register(umkm("32", true, true));

        assertEquals(Set.of(province, lebak, kotaSerang), added(curatedInBantenBefore, "regionCode=36&curated=true"));
        assertEquals(Set.of(lebak), added(exportReadyInLebakBefore, "regionCode=36.02&exportReady=true"));
        assertEquals(Set.of(bantenUncurated), added(notCuratedBefore, "curated=false&exportReady=false"));
        assertEquals(Set.of(), added(allIds("regionCode=36.01"), "regionCode=36.01"));
        assertTrue(allIds("regionCode=32").contains(jawaBarat));

        List<Map<String, Object>> items = asAdmin().get("/api/v1/umkm?regionCode=36&curated=true&limit=500")
                .then().statusCode(200).extract().path("items");
        for (Map<String, Object> item : items) {
            String region = (String) item.get("regionCode");
            assertTrue(region.equals("36") || region.startsWith("36."), region);
            assertEquals(true, item.get("curated"));
        }
    }

    @Test
    void pagesFollowOneAnotherWithoutDuplicatesOrGaps() {
        for (int i = 0; i < 7; i++) {
            register(umkm("36.04", i % 2 == 0, false));
        }
        List<String> oneGo = walk("regionCode=36.04", 500);
        List<String> inPages = walk("regionCode=36.04", 2);
        assertTrue(oneGo.size() >= 7);
        assertEquals(oneGo, inPages);
        assertEquals(oneGo.size(), new LinkedHashSet<>(inPages).size(), "no UMKM appears twice");

        ExtractableResponse<Response> last = asAdmin().get("/api/v1/umkm?regionCode=36.04&limit=500")
                .then().statusCode(200).extract();
        assertNull(last.path("nextCursor"));
        asAdmin().get("/api/v1/umkm?regionCode=36.04&limit=1").then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("nextCursor", notNullValue());
    }

    @Test
    void aForeignCursorOrAnOutOfRangeLimitIsAValidationError() {
        asAdmin().get("/api/v1/umkm?cursor=not-a-cursor!").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        asAdmin().get("/api/v1/umkm?cursor=AAAA").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        asAdminBreakingTheContract().get("/api/v1/umkm?cursor=" + "A".repeat(201)).then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        for (String limit : List.of("501", "0", "-1", "ten")) {
            asAdminBreakingTheContract().get("/api/v1/umkm?limit=" + limit).then().statusCode(400)
                    .body("errors[0].field", equalTo("limit"));
        }
        asAdminBreakingTheContract().get("/api/v1/umkm?curated=yes").then().statusCode(400)
                .body("errors[0].field", equalTo("curated"));
        asAdminBreakingTheContract().get("/api/v1/umkm?regionCode=36.").then().statusCode(400)
                .body("errors[0].field", equalTo("regionCode"));
        asAdmin().get("/api/v1/umkm?limit=500").then().statusCode(200);
    }

    /** Every id the filter lists, following nextCursor to the last page. */
    private static Set<String> allIds(String query) {
        return new HashSet<>(walk(query, 500));
    }

    private static Set<String> added(Set<String> before, String query) {
        Set<String> after = allIds(query);
        after.removeAll(before);
        return after;
    }

    private static List<String> walk(String query, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            String url = "/api/v1/umkm?" + query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor);
            ExtractableResponse<Response> page = asAdmin().get(url).then().statusCode(200).extract();
            List<String> pageIds = page.path("items.id");
            assertTrue(pageIds.size() <= limit);
            ids.addAll(pageIds);
            cursor = page.path("nextCursor");
        } while (cursor != null);
        return ids;
    }
}
