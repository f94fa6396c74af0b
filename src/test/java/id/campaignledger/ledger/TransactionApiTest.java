package id.campaignledger.ledger;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.invalid;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.post;
import static id.campaignledger.support.Fixtures.sale;
import static id.campaignledger.support.Fixtures.umkm;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.support.Concurrently;
import id.campaignledger.support.Contract;
import id.campaignledger.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Posting one transaction: the amount, time, campaign and UMKM rules, replays of an external ref, listing. */
@QuarkusTest
class TransactionApiTest extends PartnerCampaignAndUmkm {

    @Test
    void postingASaleRecordsItWithItsRegionSnapshot() {
        Response created = as(partner).body(sale("ref-1", campaign, umkmId, "12000000.50"))
                .post("/api/v1/transactions");
        created.then().statusCode(201)
                .header("Location", containsString("/api/v1/transactions/"))
                .body("amount", equalTo("12000000.50"))
                .body("amountIdr", equalTo("12000000.50"))
                .body("fxRateToIdr", nullValue())
                .body("regionCode", equalTo("36.02"))
                .body("kind", equalTo("SALE"))
                .body("campaign", equalTo(campaign))
                .body("occurredAt", equalTo("2023-06-01T03:00:00Z"));
        // The answer to the post is built without reading the row back; it must be what a read returns.
        Map<String, Object> read = as(partner).get(created.header("Location")).then().statusCode(200)
                .extract().jsonPath().getMap("");
        assertEquals(read, created.jsonPath().getMap(""));
    }

    @Test
    void aNumericAmountIsTakenExactly() {
        as(partner).body(sale("ref-num", campaign, umkmId, new BigDecimal("0.10")))
                .post("/api/v1/transactions")
                .then().statusCode(201).body("amountIdr", equalTo("0.10"));
    }

    @Test
    void foreignAmountsConvertToIdrWithBankersRounding() {
        Map<String, Object> eur = sale("ref-eur", campaign, umkmId, "10.05");
        eur.put("currency", "EUR");
        eur.put("fxRateToIdr", "16650.5");
        eur.put("channel", "EXPORT");
        // 10.05 × 16650.5 = 167337.525 → HALF_EVEN → 167337.52
        as(partner).body(eur).post("/api/v1/transactions").then().statusCode(201)
                .body("amount", equalTo("10.05"))
                .body("currency", equalTo("EUR"))
                .body("fxRateToIdr", equalTo("16650.5"))
                .body("amountIdr", equalTo("167337.52"));
        Map<String, Object> jpy = sale("ref-jpy", campaign, umkmId, "1001");
        jpy.put("currency", "JPY");
        jpy.put("fxRateToIdr", "106.0025");
        // 1001 × 106.0025 = 106108.5025 → 106108.50
        as(partner).body(jpy).post("/api/v1/transactions").then().statusCode(201)
                .body("amountIdr", equalTo("106108.50"));
    }

    @Test
    void aForeignAmountWithoutARateIsRefused() {
        Map<String, Object> sgd = sale("ref-sgd", campaign, umkmId, "100");
        sgd.put("currency", "SGD");
        invalid().header("Authorization", "Bearer " + partner).contentType("application/json").body(sgd)
                .post("/api/v1/transactions").then().statusCode(400)
                .body("errors[0].field", equalTo("fxRateToIdr"));
    }

    @Test
    void amountsBeyondTwoDecimalsOrTheLimitOrNotPositiveAreRefused() {
        for (Object amount : List.of("10.001", "10.500", "1000000000000000.01", "0", "-5", "0.00", "1e3", "12,50", "abc",
                new BigDecimal("10.001"), -1)) {
            rejected(sale("ref-bad-" + amount.hashCode(), campaign, umkmId, amount), 400)
                    .body("errors[0].field", equalTo("amount"));
        }
        as(partner).body(sale("ref-max", campaign, umkmId, "1000000000000000.00")).post("/api/v1/transactions")
                .then().statusCode(201).body("amountIdr", equalTo("1000000000000000.00"));
    }

    @Test
    void anEntryMoreThanFiveMinutesInTheFutureIsRefused() {
        Map<String, Object> future = sale("ref-future", campaign, umkmId, "100");
        future.put("occurredAt", OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(6).toString());
        rejected(future, 422).body("detail", containsString("future"));
        Map<String, Object> soon = sale("ref-soon", campaign, umkmId, "100");
        soon.put("occurredAt", OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(4).toString());
        as(partner).body(soon).post("/api/v1/transactions").then().statusCode(201);
    }

    @Test
    void anOccurredAtWithoutOffsetIsRefused() {
        Map<String, Object> local = sale("ref-local", campaign, umkmId, "100");
        local.put("occurredAt", "2023-06-01T10:00:00");
        rejected(local, 400).body("errors[0].field", equalTo("occurredAt"));
    }

    @Test
    void unknownCampaignsAndUmkmAreRefused() {
        rejected(sale("ref-nc", "NO_SUCH_CAMPAIGN", umkmId, "100"), 422).body("detail", containsString("campaign"));
        rejected(sale("ref-nu", campaign, "00000000-0000-0000-0000-000000000000", "100"), 422)
                .body("detail", containsString("UMKM"));
    }

    @Test
    void anEntryOutsideTheCampaignDatesInJakartaTimeIsRefused() {
        String closed = campaign("2023-01-01", "2023-12-31");
        Map<String, Object> late = sale("ref-late", closed, umkmId, "100");
        late.put("occurredAt", "2024-01-01T00:10:00+07:00");
        rejected(late, 422).body("detail", containsString("outside"));
        Map<String, Object> lastEvening = sale("ref-last", closed, umkmId, "100");
        lastEvening.put("occurredAt", "2023-12-31T23:30:00+07:00");
        as(partner).body(lastEvening).post("/api/v1/transactions").then().statusCode(201);
    }

    @Test
    void aUmkmCanBeNamedByItsNib() {
        String nib = Fixtures.nib();
        String id = umkm("36.01", nib);
        Map<String, Object> body = sale("ref-nib", campaign, null, "100");
        body.remove("umkmId");
        body.put("nib", nib);
        as(partner).body(body).post("/api/v1/transactions").then().statusCode(201)
                .body("umkmId", equalTo(id)).body("regionCode", equalTo("36.01"));
    }

    @Test
    void aUmkmNamedByIdAndNibMustBeTheSameOne() throws Exception {
        String nibA = Fixtures.nib();
        String a = umkm("36.01", nibA);
        String nibB = Fixtures.nib();
        umkm("36.02", nibB);
        Map<String, Object> same = sale("ref-both", campaign, a, "100");
        same.put("nib", nibA);
        as(partner).body(same).post("/api/v1/transactions").then().statusCode(201)
                .body("umkmId", equalTo(a)).body("regionCode", equalTo("36.01"));
        Map<String, Object> mixed = sale("ref-mixed", campaign, a, "100");
        mixed.put("nib", nibB);
        rejected(mixed, 422).body("detail", containsString("different UMKM"));
        assertEquals(0, countByRef("ref-mixed"));
    }

    @Test
    void metadataIsKeptAndBoundedAtFourKibibytes() {
        Map<String, Object> body = sale("ref-meta", campaign, umkmId, "100");
        body.put("metadata", Map.of("invoice", "INV-1", "items", 3));
        as(partner).body(body).post("/api/v1/transactions").then().statusCode(201)
                .body("metadata.invoice", equalTo("INV-1"));
        Map<String, Object> big = sale("ref-meta-big", campaign, umkmId, "100");
        big.put("metadata", Map.of("note", "x".repeat(4100)));
        rejected(big, 400).body("errors[0].field", equalTo("metadata"));
        Map<String, Object> nul = sale("ref-meta-nul", campaign, umkmId, "100");
        nul.put("metadata", Map.of("note", "a\u0000b"));
        rejected(nul, 400).body("errors[0].field", equalTo("metadata"));
    }

    @Test
    void replayingTheSameExternalRefReturnsTheOriginalEntry() throws Exception {
        Map<String, Object> body = sale("ref-replay", campaign, umkmId, "2500.00");
        String id = post(partner, body);
        body.put("amount", "2500"); // the same value written differently is the same content
        as(partner).body(body).post("/api/v1/transactions")
                .then().statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(id))
                .body("amountIdr", equalTo("2500.00"));
        assertEquals(1, countByRef("ref-replay"));
    }

    @Test
    void reusingAnExternalRefForDifferentContentConflicts() {
        post(partner, sale("ref-conflict", campaign, umkmId, "2500.00"));
        as(partner).body(sale("ref-conflict", campaign, umkmId, "2600.00")).post("/api/v1/transactions")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("ref-conflict"));
    }

    @Test
    void twoPartnersMayUseTheSameExternalRef() {
        String other = newPartnerKey("PARTNER");
        String a = post(partner, sale("ref-shared", campaign, umkmId, "100"));
        String b = post(other, sale("ref-shared", campaign, umkmId, "100"));
        assertTrue(!a.equals(b));
    }

    @Test
    void twentySimultaneousIdenticalPostsCreateExactlyOneEntry() throws Exception {
        Map<String, Object> body = sale("ref-race", campaign, umkmId, "777.77");
        List<Response> responses = Concurrently.run(20, i -> as(partner).body(body).post("/api/v1/transactions"));
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Response r : responses) {
            assertTrue(r.statusCode() == 201 || r.statusCode() == 200, "status " + r.statusCode());
            created += r.statusCode() == 201 ? 1 : 0;
            ids.add(r.path("id"));
        }
        assertEquals(1, created);
        assertEquals(1, ids.size());
        assertEquals(1, countByRef("ref-race"));
    }

    @Test
    void aPartnerSeesOnlyItsOwnEntries() {
        String other = newPartnerKey("PARTNER");
        String mine = post(partner, sale("ref-own", campaign, umkmId, "100"));
        as(other).get("/api/v1/transactions/" + mine).then().statusCode(404);
        as(other).body(Map.of("externalRef", "rev-steal", "reason", "not mine"))
                .post("/api/v1/transactions/" + mine + "/reversals").then().statusCode(404);
        as(other).queryParam("campaign", campaign).get("/api/v1/transactions")
                .then().statusCode(200).body("items", hasSize(0));
        asAdmin().get("/api/v1/transactions/" + mine).then().statusCode(200);
        String viewer = newPartnerKey("VIEWER");
        as(viewer).get("/api/v1/transactions/" + mine).then().statusCode(403);
        as(viewer).body(sale("ref-viewer", campaign, umkmId, "100")).post("/api/v1/transactions")
                .then().statusCode(403);
    }

    @Test
    void listingPagesNewestFirstWithoutGapsOrRepeats() {
        for (int day = 1; day <= 7; day++) {
            Map<String, Object> body = sale("ref-page-" + day, campaign, umkmId, String.valueOf(day * 100));
            body.put("occurredAt", "2023-03-0" + day + "T12:00:00+07:00");
            post(partner, body);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = as(partner).queryParam("campaign", campaign).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/api/v1/transactions");
            page.then().statusCode(200);
            seen.addAll(page.path("items.externalRef"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        assertEquals(List.of("ref-page-7", "ref-page-6", "ref-page-5", "ref-page-4", "ref-page-3", "ref-page-2",
                "ref-page-1"), seen);
        as(partner).queryParam("campaign", campaign).queryParam("from", "2023-03-03T00:00:00+07:00")
                .queryParam("to", "2023-03-05T00:00:00+07:00").get("/api/v1/transactions")
                .then().statusCode(200).body("items.externalRef", equalTo(List.of("ref-page-4", "ref-page-3")));
    }

    @Test
    void badListParametersAreValidationErrors() {
        for (String[] bad : new String[][] { { "limit", "501" }, { "limit", "0" }, { "channel", "PIGEON" },
                { "cursor", "garbage!" }, { "from", "yesterday" }, { "umkmId", "nope" } }) {
            invalid().header("Authorization", "Bearer " + partner).queryParam(bad[0], bad[1])
                    .get("/api/v1/transactions")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo(bad[0]));
        }
    }

    private io.restassured.response.ValidatableResponse rejected(Map<String, Object> body, int status) {
        return as(partner).header(Contract.INVALID_REQUEST, "true").body(body).post("/api/v1/transactions")
                .then().statusCode(status).contentType("application/problem+json");
    }

    private long countByRef(String ref) throws Exception {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select count(*) from ledger_entry e join campaign c on c.id = e.campaign_id "
                                + "where e.external_ref = ? and c.code = ?")) {
            s.setString(1, ref);
            s.setString(2, campaign);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
