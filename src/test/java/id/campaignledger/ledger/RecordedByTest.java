package id.campaignledger.ledger;

import static id.campaignledger.support.Api.ADMIN_KEY;
import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.uniqueCode;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.campaignledger.support.Concurrently;
import id.campaignledger.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every entry records who acted: the partner and the API key of the request, on every path that
 * writes entries; the contract shows it as recordedBy, and an administrator lists what one key
 * recorded. An administrator's reversal keeps its reference out of the partner's own space.
 */
@QuarkusTest
class RecordedByTest {

    private static final String HEADER =
            "externalRef,campaign,umkmId,nib,amount,currency,fxRateToIdr,channel,occurredAt,metadata\n";

    @Inject
    AgroalDataSource database;

    record Key(String partner, String keyId, String apiKey) {
    }

    private static Key newPartner(String... roles) {
        JsonPath created = asAdmin().body(Map.of("code", uniqueCode("rb"), "name", "Recorder", "kind", "MARKETPLACE",
                "roles", roles)).post("/api/v1/partners").then().statusCode(201).extract().jsonPath();
        return new Key(created.getString("code"), created.getString("keyId"), created.getString("apiKey"));
    }

    /** A partner with two keys, a campaign, a UMKM and a run tag for references: every test's start. */
    private Key first;
    private Key second;
    private String campaign;
    private String umkm;
    private String run;

    @BeforeEach
    void partnerWithTwoKeys() {
        first = newPartner("PARTNER");
        second = secondKey(first);
        campaign = Fixtures.campaign();
        umkm = Fixtures.umkm("36.02");
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    private static Key secondKey(Key first) {
        JsonPath issued = asAdmin().post("/api/v1/partners/" + first.partner() + "/keys").then().statusCode(201)
                .extract().jsonPath();
        return new Key(first.partner(), issued.getString("keyId"), issued.getString("apiKey"));
    }

    /** (recorded_by partner code, recorded_by_key_id) of an entry, straight from the table. */
    private List<String> recordedBy(String entryId) throws Exception {
        String sql = """
                select p.code, e.recorded_by_key_id::text from ledger_entry e
                  left join partner p on p.id = e.recorded_by_partner_id where e.id = ?::uuid""";
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, entryId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                List<String> row = new ArrayList<>();
                row.add(r.getString(1));
                row.add(r.getString(2));
                return row;
            }
        }
    }

    private List<String> idsByRefPrefix(String prefix) throws Exception {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select id::text from ledger_entry where external_ref like ? order by external_ref")) {
            s.setString(1, prefix + "%");
            List<String> ids = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        }
    }

    private void assertRecordedBy(Key key, String entryId) throws Exception {
        assertEquals(List.of(key.partner(), key.keyId()), recordedBy(entryId), "entry " + entryId);
    }

    @Test
    void singlePostsBatchesReversalsAndBothImportsRecordThePartnerAndTheKeyOfTheirRequest() throws Exception {

        Response single = as(second.apiKey()).body(Fixtures.sale("rb-single-" + run, campaign, umkm, "10.00"))
                .post("/api/v1/transactions");
        single.then().statusCode(201).body("recordedBy.partner", equalTo(first.partner()))
                .body("recordedBy.keyId", equalTo(second.keyId()));
        assertRecordedBy(second, single.path("id"));

        as(first.apiKey()).body(Map.of("items", List.of(Fixtures.sale("rb-batch-" + run + "-1", campaign, umkm, "5.00"),
                Fixtures.sale("rb-batch-" + run + "-2", campaign, umkm, "6.00")))).post("/api/v1/transactions/batch")
                .then().statusCode(200);
        for (String id : idsByRefPrefix("rb-batch-" + run)) {
            assertRecordedBy(first, id);
        }

        Response reversal = as(first.apiKey()).body(Map.of("externalRef", "rb-rev-" + run, "amount", "1.00",
                "reason", "returned")).post("/api/v1/transactions/" + single.path("id") + "/reversals");
        reversal.then().statusCode(201).body("recordedBy.keyId", equalTo(first.keyId()));
        assertRecordedBy(first, reversal.path("id"));

        as(second.apiKey()).contentType("text/csv").body(HEADER + "rb-csv-" + run + "," + campaign + "," + umkm
                + ",,7.00,IDR,,QRIS,2023-06-01T10:00:00+07:00,\n").post("/api/v1/transactions/import")
                .then().statusCode(200);
        assertRecordedBy(second, idsByRefPrefix("rb-csv-" + run).get(0));

        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 3; i++) {
            csv.append("rb-job-").append(run).append('-').append(i).append(',').append(campaign).append(',')
                    .append(umkm).append(",,8.00,IDR,,QRIS,2023-06-01T10:00:00+07:00,\n");
        }
        String location = as(first.apiKey()).contentType("text/csv").body(csv.toString()).post("/api/v1/imports")
                .then().statusCode(202).extract().header("Location");
        awaitDone(first.apiKey(), location);
        List<String> jobEntries = idsByRefPrefix("rb-job-" + run);
        assertEquals(3, jobEntries.size());
        for (String id : jobEntries) {
            assertRecordedBy(first, id);
        }

        as(first.apiKey()).get("/api/v1/transactions/" + jobEntries.get(0)).then().statusCode(200)
                .body("recordedBy.partner", equalTo(first.partner())).body("recordedBy.keyId", equalTo(first.keyId()));
    }

    @Test
    void singlePostsSharingOneGroupCommitEachRecordTheirOwnKey() throws Exception {
        List<Response> posts = Concurrently.run(20, i -> as((i % 2 == 0 ? first : second).apiKey())
                .body(Fixtures.sale("rb-group-" + run + "-" + i, campaign, umkm, "3.00")).post("/api/v1/transactions"));
        for (int i = 0; i < posts.size(); i++) {
            assertEquals(201, posts.get(i).statusCode(), posts.get(i).asString());
            assertRecordedBy(i % 2 == 0 ? first : second, posts.get(i).path("id"));
        }
    }

    @Test
    void anAdministratorsReversalTakesNoReferenceFromThePartnersOwnSpace() throws Exception {
        Key partner = first;
        Key admin = newPartner("ADMIN");
        String ref = "ORD-" + UUID.randomUUID().toString().substring(0, 8);
        String sale = Fixtures.post(partner.apiKey(), Fixtures.sale(ref + "-sale", campaign, umkm, "100.00"));

        Map<String, Object> reversal = Map.of("externalRef", ref, "amount", "40.00", "reason", "chargeback");
        Response byAdmin = as(admin.apiKey()).body(reversal).post("/api/v1/transactions/" + sale + "/reversals");
        byAdmin.then().statusCode(201)
                .body("partner", equalTo(partner.partner()))
                .body("externalRef", equalTo("~" + admin.partner() + ":" + ref))
                .body("recordedBy.partner", equalTo(admin.partner()))
                .body("recordedBy.keyId", equalTo(admin.keyId()));
        assertRecordedBy(admin, byAdmin.path("id"));

        // The administrator's retry replays its own reversal; nothing new is written.
        as(admin.apiKey()).body(reversal).post("/api/v1/transactions/" + sale + "/reversals")
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("id", equalTo(byAdmin.path("id")));

        // The partner's own later sale under the same reference is its own: created, not a conflict.
        Response own = as(partner.apiKey()).body(Fixtures.sale(ref, campaign, umkm, "25.00"))
                .post("/api/v1/transactions");
        own.then().statusCode(201).body("externalRef", equalTo(ref))
                .body("recordedBy.partner", equalTo(partner.partner()));
        assertEquals(2 + 1, idsByRefPrefix(ref).size() + idsByRefPrefix("~" + admin.partner() + ":" + ref).size());

        // The bootstrap administrator's reversal is kept apart in the same way.
        as(ADMIN_KEY).body(Map.of("externalRef", ref, "amount", "10.00", "reason", "chargeback"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201)
                .body("externalRef", equalTo("~bootstrap-admin:" + ref)).body("recordedBy", nullValue());
        as(partner.apiKey()).body(Map.of("externalRef", ref + "-r", "reason", "partner's own"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201)
                .body("amount", equalTo("-50.00"));
    }

    @Test
    void aReferenceStartingWithTheReservedTildeIsRefused() {
        as(first.apiKey()).body(Fixtures.sale("~someone:ORD-1", campaign, umkm, "1.00")).post("/api/v1/transactions")
                .then().statusCode(400).body("detail", containsString("'~'"));
    }

    @Test
    void anAdministratorListsExactlyWhatOneKeyRecorded() throws Exception {
        Key leaked = second;
        Fixtures.post(first.apiKey(), Fixtures.sale("rb-list-" + run + "-a", campaign, umkm, "1.00"));
        Map<String, String> byLeaked = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            String ref = "rb-list-" + run + "-leaked-" + i;
            byLeaked.put(Fixtures.post(leaked.apiKey(), Fixtures.sale(ref, campaign, umkm, "2.00")), ref);
        }
        JsonPath page = asAdmin().queryParam("recordedByKey", leaked.keyId()).queryParam("limit", 2)
                .get("/api/v1/transactions").then().statusCode(200).extract().jsonPath();
        List<String> seen = new ArrayList<>(page.getList("items.id"));
        JsonPath next = asAdmin().queryParam("recordedByKey", leaked.keyId()).queryParam("cursor",
                page.getString("nextCursor")).get("/api/v1/transactions").then().statusCode(200).extract().jsonPath();
        seen.addAll(next.getList("items.id"));
        assertEquals(byLeaked.keySet(), new HashSet<>(seen));
        assertEquals(3, seen.size());
        asAdmin().queryParam("recordedByKey", "not-a-uuid").get("/api/v1/transactions").then().statusCode(400);
    }

    private static void awaitDone(String key, String location) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            String state = as(key).get(location).then().statusCode(200).extract().path("state");
            if ("done".equals(state) || "failed".equals(state)) {
                assertEquals("done", state);
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the import job did not finish: " + location);
    }
}
