package id.campaignledger.attest;

import static id.campaignledger.operations.Management.management;
import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.support.Api;
import id.campaignledger.support.Fixtures;
import id.campaignledger.verify.Checkpoint;
import id.campaignledger.verify.Keys;
import id.campaignledger.verify.Main;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing, checkpoints and exports end to end, each export checked by the offline verifier. */
@QuarkusTest
class AttestationApiTest {

    @TempDir
    Path dir;

    record Verified(int code, String out) {
    }

    /** Posts sales to a new campaign, one with metadata and a formula-like reference, and a reversal. */
    static String campaignWithEntries(int sales) {
        String campaign = Fixtures.campaign();
        String partner = Api.newPartnerKey("PARTNER");
        String umkm = Fixtures.umkm("36.02");
        String first = null;
        for (int i = 0; i < sales; i++) {
            Map<String, Object> sale = Fixtures.sale((i == 0 ? "=cmd" : "ref") + "-" + i + "-" + campaign, campaign,
                    umkm, (1000 + i) + ".50");
            if (i == 1) {
                sale.put("metadata", Map.of("order", "A-1", "qty", 1.5, "catatan", "kopi \"luwak\", Lebak"));
            }
            String id = Fixtures.post(partner, sale);
            first = first == null ? id : first;
        }
        as(partner).body(Map.of("externalRef", "rev-" + campaign, "amount", "100.25",
                "reason", "barang rusak")).post("/api/v1/transactions/" + first + "/reversals")
                .then().statusCode(201);
        return campaign;
    }

    static Response checkpointNow() {
        return asAdmin().post("/api/v1/attestations").then().statusCode(201).extract().response();
    }

    Verified verify(String export, String checkpoint, String... extra) throws Exception {
        Path e = dir.resolve("export");
        Files.writeString(e, export);
        Path c = dir.resolve("checkpoint.json");
        Files.writeString(c, checkpoint);
        Path k = dir.resolve("key.pem");
        Files.writeString(k, given().get("/api/v1/attestations/public-key").then().statusCode(200).extract().asString());
        List<String> args = new ArrayList<>(List.of("--export", e.toString(), "--checkpoint", c.toString(),
                "--public-key", k.toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Main.run(args.toArray(String[]::new), print, print);
        return new Verified(code, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCampaignsEntriesAreSealedSignedExportedAndVerify() throws Exception {
        String campaign = campaignWithEntries(5);
        Response created = checkpointNow();
        String document = created.asString();
        Checkpoint cp = Checkpoint.parse(document);
        assertEquals("/api/v1/attestations/" + cp.seq(), java.net.URI.create(created.header("Location")).getPath());
        Checkpoint.CampaignTotals totals = cp.campaign(campaign);
        assertEquals(6, totals.entries());
        assertEquals(5, totals.sales());
        assertEquals("4912.25", totals.amountIdr(), "1000.50 + ... + 1004.50 - 100.25");
        assertEquals(document, given().get("/api/v1/attestations/" + cp.seq()).then().statusCode(200).extract().asString(),
                "served byte for byte as signed");
        assertEquals(document, given().get("/api/v1/attestations/latest").then().statusCode(200).extract().asString());

        String ndjson = asAdmin().queryParam("format", "ndjson").get("/api/v1/campaigns/" + campaign + "/export")
                .then().statusCode(200).contentType(ExportResource.NDJSON).extract().asString();
        assertEquals(6, ndjson.lines().count());
        Verified ok = verify(ndjson, document, "--campaign", campaign);
        assertEquals(Main.OK, ok.code(), ok.out());
        assertTrue(ok.out().contains("campaign " + campaign + ": entries 6, sales 5, amountIdr 4912.25"), ok.out());

        String csv = asAdmin().header("Accept", "text/csv").get("/api/v1/campaigns/" + campaign + "/export")
                .then().statusCode(200).contentType("text/csv").extract().asString();
        assertTrue(csv.contains(",'=cmd-0-"), "formula prefix neutralised: " + csv.lines().skip(1).findFirst());
        assertTrue(csv.contains(",'-100.25,"), "negative amount neutralised");
        Verified csvOk = verify(csv, document, "--campaign", campaign);
        assertEquals(Main.OK, csvOk.code(), csvOk.out());
    }

    @Test
    void theWholeLedgerExportVerifiesAndResumesBySeq() throws Exception {
        campaignWithEntries(3);
        String document = checkpointNow().asString();
        String auditor = Api.newPartnerKey("AUDITOR");
        String all = as(auditor).get("/api/v1/exports/ledger").then().statusCode(200).extract().asString();
        Verified ok = verify(all, document);
        assertEquals(Main.OK, ok.code(), ok.out());
        List<String> lines = all.lines().toList();
        int half = lines.size() / 2;
        String rest = as(auditor).queryParam("from-seq", half + 1).get("/api/v1/exports/ledger").then().statusCode(200)
                .extract().asString();
        assertEquals(String.join("\n", lines.subList(half, lines.size())), rest.strip());
    }

    @Test
    void progressSaysWhichCheckpointItIsConsistentWith() {
        String campaign = campaignWithEntries(2);
        long seq = Checkpoint.parse(checkpointNow().asString()).seq();
        asAdmin().get("/api/v1/campaigns/" + campaign + "/progress").then().statusCode(200)
                .header("Ledger-Checkpoint", Long.toString(seq))
                .header("Ledger-Checkpoint-Status", "consistent");
        Fixtures.post(Api.newPartnerKey("PARTNER"), Fixtures.sale("late-" + campaign, campaign, Fixtures.umkm("36.02"),
                "5.00"));
        asAdmin().get("/api/v1/campaigns/" + campaign + "/progress").then().statusCode(200)
                .header("Ledger-Checkpoint", Long.toString(seq))
                .header("Ledger-Checkpoint-Status", "newer-entries");
    }

    @Test
    void exportsNeedAdminOrAuditorAndAttestationsArePublic() {
        String viewer = Api.newPartnerKey("VIEWER");
        as(viewer).get("/api/v1/exports/ledger").then().statusCode(403);
        given().get("/api/v1/exports/ledger").then().statusCode(401);
        as(viewer).post("/api/v1/attestations").then().statusCode(403);
        String pem = given().get("/api/v1/attestations/public-key").then().statusCode(200)
                .contentType(AttestationResource.PEM).extract().asString();
        assertEquals(given().get("/api/v1/attestations/public-key").header("Ledger-Key-Id"),
                Keys.keyId(Keys.publicKey(pem)));
        Api.invalid().get("/api/v1/attestations/x1").then().statusCode(400);
        given().get("/api/v1/attestations/999999999").then().statusCode(404);
        Api.invalid().header("Authorization", "Bearer " + Api.ADMIN_KEY).queryParam("format", "xml")
                .get("/api/v1/exports/ledger").then().statusCode(400);
        Api.invalid().header("Authorization", "Bearer " + Api.ADMIN_KEY).queryParam("from-seq", "0")
                .get("/api/v1/exports/ledger").then().statusCode(400);
        asAdmin().get("/api/v1/campaigns/NOPE-404/export").then().statusCode(404);
    }

    @Test
    void chainHealthIsReportedByReconcile() {
        campaignWithEntries(2);
        checkpointNow();
        Response health = asAdmin().get("/api/v1/admin/reconcile/chain").then().statusCode(200).extract().response();
        assertTrue(health.<Boolean>path("healthy"), health.asString());
        assertEquals("OK", health.path("verdict"));
        assertEquals(0, health.<Integer>path("unsealedNotQueued"));
        assertFalse(health.<List<String>>path("figures").isEmpty());
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("ledger_seal_lag_seconds_count"), "seal lag histogram exported");
        assertTrue(metrics.contains("ledger_seal_oldest_unsealed_seconds"), "oldest unsealed gauge exported");
    }
}
