package id.campaignledger.partner;

import static id.campaignledger.support.Api.ADMIN_KEY;
import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.invalid;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Api.uniqueCode;
import static id.campaignledger.support.Fixtures.sale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.parser.OpenAPIV3Parser;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every operation of openapi.yaml against every kind of caller, from a table: an operation
 * without a row fails the test. Each request is valid apart from who sends it, so the status
 * shows the access decision alone. With {@code ledger.dashboard.public=false} (the default) the
 * dashboard reads need a key too.
 */
@QuarkusTest
class AccessMatrixTest {

    enum Who {
        NO_KEY, REVOKED_KEY, VIEWER, PARTNER_A, PARTNER_B, ADMIN
    }

    /** Who may do what; the status the allowed callers get is the row's. */
    enum Rule {
        /** ADMIN only. */
        ADMIN,
        /** Any valid key. */
        ANY_KEY,
        /** Keys with PARTNER (the bootstrap key is ADMIN only and has no ledger of its own). */
        PARTNER,
        /** PARTNER or ADMIN keys. */
        PARTNER_OR_ADMIN,
        /** Partner A's own entry: its owner and ADMIN; partner B is told it does not exist. */
        OWNER_OR_ADMIN,
        /** Partner A's own import job: only A; partner B is told it does not exist; ADMIN has no jobs. */
        OWNER,
        /** Open to everyone, keys or not. */
        PUBLIC;

        int expected(Who who, int allowed) {
            if (this == PUBLIC) {
                return allowed;
            }
            if (who == Who.NO_KEY || who == Who.REVOKED_KEY) {
                return 401;
            }
            return switch (this) {
                case ADMIN -> who == Who.ADMIN ? allowed : 403;
                case ANY_KEY -> allowed;
                case PARTNER -> who == Who.PARTNER_A || who == Who.PARTNER_B ? allowed : 403;
                case PARTNER_OR_ADMIN -> who == Who.VIEWER ? 403 : allowed;
                case OWNER_OR_ADMIN -> who == Who.VIEWER ? 403 : who == Who.PARTNER_B ? 404 : allowed;
                case OWNER -> who == Who.PARTNER_A ? allowed : who == Who.PARTNER_B ? 404 : 403;
                case PUBLIC -> allowed;
            };
        }
    }

    record Row(Rule rule, int allowed, Function<RequestSpecification, Response> call) {
    }

    @Inject
    AgroalDataSource database;

    private final Map<Who, String> keys = new EnumMap<>(Who.class);
    private String campaign;
    private String umkmId;
    private String targetId;
    private String entryOfA;

    @BeforeEach
    void callersAndRows() {
        keys.put(Who.VIEWER, newPartnerKey("VIEWER"));
        keys.put(Who.PARTNER_A, newPartnerKey("PARTNER"));
        keys.put(Who.PARTNER_B, newPartnerKey("PARTNER"));
        keys.put(Who.ADMIN, ADMIN_KEY);
        // A key that held every role, revoked: nothing it once could do is left.
        String code = uniqueCode("revoked");
        keys.put(Who.REVOKED_KEY, asAdmin().body(Map.of("code", code, "name", "Revoked", "kind", "OTHER",
                "roles", List.of("ADMIN", "PARTNER", "VIEWER"))).post("/api/v1/partners")
                .then().statusCode(201).extract().path("apiKey"));
        String keyId = asAdmin().get("/api/v1/partners/" + code).then().extract().path("keys[0].id");
        asAdmin().delete("/api/v1/partners/" + code + "/keys/" + keyId).then().statusCode(204);

        campaign = Fixtures.campaign();

        umkmId = Fixtures.umkm("36.02");
        targetId = asAdmin().body(target()).post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(201).extract().path("id");
        entryOfA = Fixtures.post(keys.get(Who.PARTNER_A), sale(uniqueCode("a"), campaign, umkmId, "500.00"));
    }

    private static Map<String, Object> target() {
        return new HashMap<>(Map.of("metric", "TRANSACTION_VALUE", "amount", "1000.00", "periodStart", "2023-01-01",
                "periodEnd", "2023-12-31"));
    }

    /** One row per operationId of openapi.yaml. */
    private Map<String, Row> table() {
        Map<String, Row> t = new LinkedHashMap<>();
        String c = "/api/v1/campaigns/" + campaign;
        t.put("createCampaign", new Row(Rule.ADMIN, 201, r -> r.body(Map.of("code", "C" + uniqueCode("m")
                .replace("-", "").toUpperCase(), "name", "Matrix", "startsOn", "2023-01-01")).post("/api/v1/campaigns")));
        t.put("listCampaigns", new Row(Rule.ANY_KEY, 200, r -> r.get("/api/v1/campaigns")));
        t.put("getCampaign", new Row(Rule.ANY_KEY, 200, r -> r.get(c)));
        t.put("updateCampaign", new Row(Rule.ADMIN, 200, r -> r.body(Map.of("name", "Matrix",
                "startsOn", "2023-01-01")).put(c)));
        t.put("createTarget", new Row(Rule.ADMIN, 201, r -> r.body(target()).post(c + "/targets")));
        t.put("listTargets", new Row(Rule.ANY_KEY, 200, r -> r.get(c + "/targets")));
        t.put("reviseTarget", new Row(Rule.ADMIN, 200, r -> r.body(target()).put(c + "/targets/" + targetId)));
        t.put("listTargetRevisions", new Row(Rule.ANY_KEY, 200, r -> r.get(c + "/targets/" + targetId + "/revisions")));
        t.put("getCampaignProgress", new Row(Rule.ANY_KEY, 200, r -> r.get(c + "/progress")));
        t.put("getTargetProgress", new Row(Rule.ANY_KEY, 200, r -> r.get(c + "/targets/" + targetId + "/progress")));
        t.put("getPlausibility", new Row(Rule.ANY_KEY, 200, r -> r.queryParam("year", 2023).get(c + "/plausibility")));
        t.put("getBreakdown", new Row(Rule.ANY_KEY, 200, r -> r.queryParam("by", "province").get(c + "/breakdown")));
        t.put("getTimeSeries", new Row(Rule.ANY_KEY, 200, r -> r.queryParam("interval", "month")
                .get(c + "/timeseries")));
        t.put("listMilestones", new Row(Rule.ANY_KEY, 200, r -> r.get(c + "/milestones")));
        t.put("registerUmkm", new Row(Rule.PARTNER_OR_ADMIN, 201, r -> r.body(Map.of("name", "Matrix",
                "regionCode", "36.02", "scale", "MIKRO", "nib", Fixtures.nib())).post("/api/v1/umkm")));
        t.put("listUmkm", new Row(Rule.ANY_KEY, 200, r -> r.get("/api/v1/umkm")));
        t.put("reconcile", new Row(Rule.ADMIN, 200, r -> r.queryParam("campaign", campaign)
                .get("/api/v1/admin/reconcile")));
        t.put("getUmkmStats", new Row(Rule.ANY_KEY, 200, r -> r.get("/api/v1/umkm/stats")));
        t.put("getUmkm", new Row(Rule.ANY_KEY, 200, r -> r.get("/api/v1/umkm/" + umkmId)));
        t.put("postTransaction", new Row(Rule.PARTNER, 201, r -> r.body(sale(uniqueCode("m"), campaign, umkmId,
                "10.00")).post("/api/v1/transactions")));
        t.put("listTransactions", new Row(Rule.PARTNER_OR_ADMIN, 200, r -> r.get("/api/v1/transactions")));
        t.put("postTransactionBatch", new Row(Rule.PARTNER, 200, r -> r.body(Map.of("items",
                List.of(sale(uniqueCode("m"), campaign, umkmId, "10.00")))).post("/api/v1/transactions/batch")));
        t.put("importTransactions", new Row(Rule.PARTNER, 200, r -> r.contentType("text/csv")
                .body("externalRef,campaign,umkmId,amount,currency,channel,occurredAt\n" + uniqueCode("m") + ","
                        + campaign + "," + umkmId + ",10.00,IDR,QRIS,2023-06-01T10:00:00+07:00\n")
                .post("/api/v1/transactions/import")));
        String csv = "externalRef,campaign,umkmId,amount,currency,channel,occurredAt\n" + uniqueCode("m") + ","
                + campaign + "," + umkmId + ",10.00,IDR,QRIS,2023-06-01T10:00:00+07:00\n";
        t.put("createImport", new Row(Rule.PARTNER, 202, r -> r.contentType("text/csv").body(csv)
                .post("/api/v1/imports")));
        String importOfA = as(keys.get(Who.PARTNER_A)).contentType("text/csv").body(csv).post("/api/v1/imports")
                .then().statusCode(202).extract().path("id");
        t.put("getImport", new Row(Rule.OWNER, 200, r -> r.get("/api/v1/imports/" + importOfA)));
        t.put("listImportRejections", new Row(Rule.OWNER, 200, r -> r.get("/api/v1/imports/" + importOfA
                + "/rejections")));
        t.put("getTransaction", new Row(Rule.OWNER_OR_ADMIN, 200, r -> r.get("/api/v1/transactions/" + entryOfA)));
        t.put("reverseTransaction", new Row(Rule.OWNER_OR_ADMIN, 201, r -> r.body(Map.of("externalRef",
                uniqueCode("rev"), "amount", "1.00", "reason", "matrix"))
                .post("/api/v1/transactions/" + entryOfA + "/reversals")));
        t.put("createPartner", new Row(Rule.ADMIN, 201, r -> r.body(Map.of("code", uniqueCode("m"), "name", "Matrix",
                "kind", "OTHER", "roles", List.of("VIEWER"))).post("/api/v1/partners")));
        t.put("listPartners", new Row(Rule.ADMIN, 200, r -> r.get("/api/v1/partners")));
        String someone = uniqueCode("someone");
        asAdmin().body(Map.of("code", someone, "name", "Someone", "kind", "OTHER", "roles", List.of("VIEWER")))
                .post("/api/v1/partners").then().statusCode(201);
        t.put("getPartner", new Row(Rule.ADMIN, 200, r -> r.get("/api/v1/partners/" + someone)));
        t.put("issueApiKey", new Row(Rule.ADMIN, 201, r -> r.post("/api/v1/partners/" + someone + "/keys")));
        t.put("revokeApiKey", new Row(Rule.ADMIN, 204, r -> {
            String keyId = asAdmin().post("/api/v1/partners/" + someone + "/keys").then().statusCode(201)
                    .extract().path("keyId");
            return r.delete("/api/v1/partners/" + someone + "/keys/" + keyId);
        }));
        // Attestation: exports and the chain check are ADMIN or AUDITOR (no AUDITOR caller here).
        asAdmin().post("/api/v1/attestations").then().statusCode(201);
        t.put("createCheckpoint", new Row(Rule.ADMIN, 201, r -> r.post("/api/v1/attestations")));
        t.put("getAttestationPublicKey", new Row(Rule.PUBLIC, 200, r -> r.get("/api/v1/attestations/public-key")));
        t.put("getLatestCheckpoint", new Row(Rule.PUBLIC, 200, r -> r.get("/api/v1/attestations/latest")));
        t.put("getCheckpoint", new Row(Rule.PUBLIC, 200, r -> r.get("/api/v1/attestations/1")));
        t.put("exportLedger", new Row(Rule.ADMIN, 200, r -> r.get("/api/v1/exports/ledger")));
        t.put("exportCampaign", new Row(Rule.ADMIN, 200, r -> r.get(c + "/export")));
        t.put("reconcileChain", new Row(Rule.ADMIN, 200, r -> r.get("/api/v1/admin/reconcile/chain")));
        // Webhooks: partner A's subscription, with one delivery (A posted after subscribing).
        String a = keys.get(Who.PARTNER_A);
        String hookOfA = as(a).body(Map.of("url", "http://127.0.0.1:9/hook", "eventTypes",
                List.of("transaction.recorded"))).post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
        Fixtures.post(a, sale(uniqueCode("h"), campaign, umkmId, "1.00"));
        String deliveryOfA = as(a).get("/api/v1/webhooks/" + hookOfA + "/deliveries").then().statusCode(200)
                .extract().path("items[0].id");
        String hooks = "/api/v1/webhooks/";
        t.put("createWebhook", new Row(Rule.PARTNER_OR_ADMIN, 201, r -> r.body(Map.of("url", "http://127.0.0.1:9/m",
                "eventTypes", List.of("transaction.recorded"))).post("/api/v1/webhooks")));
        t.put("listWebhooks", new Row(Rule.PARTNER_OR_ADMIN, 200, r -> r.get("/api/v1/webhooks")));
        t.put("getWebhook", new Row(Rule.OWNER_OR_ADMIN, 200, r -> r.get(hooks + hookOfA)));
        t.put("updateWebhook", new Row(Rule.OWNER_OR_ADMIN, 200, r -> r.body(Map.of("description", "matrix"))
                .patch(hooks + hookOfA)));
        t.put("deleteWebhook", new Row(Rule.OWNER_OR_ADMIN, 204, r -> r.delete(hooks + as(a).body(Map.of("url",
                "http://127.0.0.1:9/d", "eventTypes", List.of("transaction.recorded"))).post("/api/v1/webhooks")
                .then().statusCode(201).extract().path("id"))));
        t.put("rotateWebhookSecret", new Row(Rule.OWNER_OR_ADMIN, 200, r -> r.body(Map.of("graceSeconds", 60))
                .post(hooks + hookOfA + "/secret/rotate")));
        t.put("listWebhookDeliveries", new Row(Rule.OWNER_OR_ADMIN, 200, r -> r.get(hooks + hookOfA + "/deliveries")));
        t.put("redeliverWebhookDelivery", new Row(Rule.OWNER_OR_ADMIN, 202, r -> r.post(hooks + hookOfA
                + "/deliveries/" + deliveryOfA + "/redeliver")));
        t.put("listRegions", new Row(Rule.PUBLIC, 200, r -> r.get("/api/v1/regions?parent=36")));
        t.put("getRegion", new Row(Rule.PUBLIC, 200, r -> r.get("/api/v1/regions/36.02.22")));
        // The dashboard page is public by contract; whether it is served yet is not an access question.
        t.put("dashboardPage", new Row(Rule.PUBLIC, -1, r -> r.get("/")));
        return t;
    }

    @Test
    void everyOperationAnswersEveryCallerAsTheTableSays() {
        Map<String, Row> table = table();
        Set<String> operations = new TreeSet<>();
        new OpenAPIV3Parser().read(Path.of("openapi.yaml").toAbsolutePath().toUri().toString()).getPaths()
                .forEach((path, item) -> item.readOperations().forEach(o -> operations.add(o.getOperationId())));
        assertEquals(operations, new TreeSet<>(table.keySet()),
                "every operation of openapi.yaml needs a row in AccessMatrixTest.table()");

        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Row> e : table.entrySet()) {
            Row row = e.getValue();
            for (Who who : Who.values()) {
                int status = row.call().apply(request(who)).statusCode();
                checked++;
                if (row.rule() == Rule.PUBLIC && row.allowed() < 0) {
                    if (status == 401 || status == 403 || status >= 500) {
                        wrong.add(e.getKey() + " as " + who + ": " + status + ", expected no access refusal");
                    }
                } else if (status != row.rule().expected(who, row.allowed())) {
                    wrong.add(e.getKey() + " as " + who + ": " + status + ", expected "
                            + row.rule().expected(who, row.allowed()));
                }
            }
        }
        System.out.printf("Access matrix: %d operations x %d callers = %d checks%n", table.size(), Who.values().length,
                checked);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private RequestSpecification request(Who who) {
        return switch (who) {
            // Without a key the request breaks the contract's security requirement: only the answer is checked.
            case NO_KEY -> invalid().contentType(ContentType.JSON);
            default -> as(keys.get(who));
        };
    }

    @Test
    void partnerBCannotReadListReverseOrInferPartnerAsEntries() throws Exception {
        String a = keys.get(Who.PARTNER_A);
        String b = keys.get(Who.PARTNER_B);
        String refOfA = uniqueCode("secret");
        Map<String, Object> bodyOfA = sale(refOfA, campaign, umkmId, "1234.56");
        String idOfA = Fixtures.post(a, bodyOfA);

        // Read: an entry of A and an id that exists nowhere get the same answer, apart from the id itself.
        Response ofA = as(b).get("/api/v1/transactions/" + idOfA);
        UUID nowhere = UUID.randomUUID();
        Response absent = as(b).get("/api/v1/transactions/" + nowhere);
        assertEquals(404, ofA.statusCode());
        assertEquals(404, absent.statusCode());
        assertEquals(withoutRequestId(absent.asString().replace(nowhere.toString(), "ID")),
                withoutRequestId(ofA.asString().replace(idOfA, "ID")));

        // List: B pages through all it may see, filtered by A's UMKM or not, and never meets A's entries.
        for (Map<String, String> filter : List.of(Map.<String, String>of(), Map.of("umkmId", umkmId),
                Map.of("campaign", campaign))) {
            List<String> seen = allIds(b, filter);
            assertFalse(seen.contains(idOfA), "B listed A's entry with " + filter);
            assertFalse(seen.contains(entryOfA), "B listed A's entry with " + filter);
        }
        assertTrue(allIds(a, Map.of("campaign", campaign)).contains(idOfA), "A lists its own entry");

        // Reverse: 404 like any absent entry, and nothing is written.
        Response reverse = as(b).body(Map.of("externalRef", uniqueCode("r"), "reason", "not mine"))
                .post("/api/v1/transactions/" + idOfA + "/reversals");
        assertEquals(404, reverse.statusCode());
        assertEquals(0, count("select count(*) from ledger_entry where reverses = ?::uuid", idOfA));

        // Infer through idempotency: A's ref, with A's body or another, is simply a new entry of B's.
        Response sameBody = as(b).body(bodyOfA).post("/api/v1/transactions");
        assertEquals(201, sameBody.statusCode(), "B's first use of the ref is a creation, not A's replay");
        assertNotEquals(idOfA, sameBody.<String>path("id"));
        assertNotEquals(as(a).get("/api/v1/transactions/" + idOfA).<String>path("partner"),
                sameBody.<String>path("partner"));
        Response otherBody = as(b).body(sale(refOfA, campaign, umkmId, "1.00")).post("/api/v1/transactions");
        assertEquals(409, otherBody.statusCode(), "a conflict now concerns B's own entry");
        assertTrue(otherBody.asString().contains(sameBody.<String>path("id")), "the conflict names B's entry");
        assertFalse(otherBody.asString().contains(idOfA), "a conflict never names A's entry");

        // In a batch, A's refs are B's to create, never REPLAYED from A.
        String batchRefOfA = uniqueCode("batch-secret");
        Fixtures.post(a, sale(batchRefOfA, campaign, umkmId, "5.00"));
        as(b).body(Map.of("items", List.of(sale(batchRefOfA, campaign, umkmId, "5.00"))))
                .post("/api/v1/transactions/batch").then().statusCode(200)
                .body("results[0].status", org.hamcrest.Matchers.equalTo("CREATED"));
        assertEquals(2, count("select count(*) from ledger_entry where external_ref = ?", batchRefOfA));
        // A still sees only its own, unchanged.
        assertEquals("1234.56", as(a).get("/api/v1/transactions/" + idOfA).path("amount"));
    }

    /** Every answer carries its own request id; the rest of the body is what must not differ. */
    private static String withoutRequestId(String problem) {
        return problem.replaceAll("\"requestId\":\"[^\"]*\"", "\"requestId\":\"R\"");
    }

    private static List<String> allIds(String key, Map<String, String> filter) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = as(key).queryParams(filter).queryParam("limit", 500);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/api/v1/transactions");
            assertEquals(200, page.statusCode());
            ids.addAll(page.path("items.id"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        return ids;
    }

    private long count(String sql, String parameter) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
