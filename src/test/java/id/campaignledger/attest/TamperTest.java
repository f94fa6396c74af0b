package id.campaignledger.attest;

import static id.campaignledger.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.verify.Checkpoint;
import id.campaignledger.verify.Main;
import id.campaignledger.verify.SealedEntry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database superuser with the triggers switched off changes, removes, inserts and reorders
 * sealed entries, or forges a checkpoint: the verifier names the entry or refuses the signature.
 * Each test breaks a campaign of its own and verifies that campaign's export.
 */
@QuarkusTest
@TestProfile(TamperProfile.class)
class TamperTest {

    @TempDir
    Path dir;

    private record Sealed(String campaign, String checkpoint, List<SealedEntry> entries) {
    }

    private Sealed sealedCampaign() {
        String campaign = AttestationApiTest.campaignWithEntries(5);
        String checkpoint = AttestationApiTest.checkpointNow().asString();
        return new Sealed(campaign, checkpoint, export(campaign).lines().map(SealedEntry::fromJsonLine).toList());
    }

    private static String export(String campaign) {
        return asAdmin().get("/api/v1/campaigns/" + campaign + "/export").then().statusCode(200).extract().asString();
    }

    /** Runs statements as the superuser with every trigger (immutability, foreign keys) off. */
    private static void asSuperuser(String... statements) throws SQLException {
        var config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
                Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private String verify(String campaign, String checkpoint, int expectedCode) throws Exception {
        Path e = dir.resolve("export.ndjson");
        Files.writeString(e, export(campaign));
        Path c = dir.resolve("checkpoint.json");
        Files.writeString(c, checkpoint);
        Path k = dir.resolve("key.pem");
        Files.writeString(k, given().get("/api/v1/attestations/public-key").asString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Main.run(new String[] { "--export", e.toString(), "--campaign", campaign, "--checkpoint",
                c.toString(), "--public-key", k.toString() }, print, print);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(expectedCode, code, printed);
        return printed;
    }

    private static String brokenAt(SealedEntry e) {
        return "BROKEN at seq " + e.seq() + " (entry " + e.id() + ")";
    }

    @Test
    void beforeTamperingTheCampaignVerifies() throws Exception {
        Sealed s = sealedCampaign();
        assertTrue(verify(s.campaign(), s.checkpoint(), Main.OK).endsWith("OK\n"));
    }

    @Test
    void aChangedAmountIsNamed() throws Exception {
        Sealed s = sealedCampaign();
        SealedEntry victim = s.entries().get(2);
        asSuperuser("update ledger_entry set amount = amount + 1000000, amount_idr = amount_idr + 1000000 where id = '"
                + victim.id() + "'");
        assertTrue(verify(s.campaign(), s.checkpoint(), Main.BROKEN).contains(brokenAt(victim)));
        Response health = asAdmin().get("/api/v1/admin/reconcile/chain").then().statusCode(200).extract().response();
        // The first break of the whole chain: this test's, or an earlier test's in this database.
        assertFalse(health.<Boolean>path("healthy"));
        assertTrue(health.<String>path("verdict").startsWith("BROKEN at seq "), health.asString());
    }

    @Test
    void aDeletedRowIsNamedAtTheEntryAfterTheGap() throws Exception {
        Sealed s = sealedCampaign();
        SealedEntry victim = s.entries().get(2);
        SealedEntry next = s.entries().get(3);
        asSuperuser("delete from ledger_seal where entry_id = '" + victim.id() + "'",
                "delete from ledger_entry where id = '" + victim.id() + "'");
        String out = verify(s.campaign(), s.checkpoint(), Main.BROKEN);
        assertTrue(out.contains(brokenAt(next)) && out.contains("entries were removed"), out);
    }

    @Test
    void anInsertedRowIsNamed() throws Exception {
        Sealed s = sealedCampaign();
        SealedEntry before = s.entries().get(2);
        SealedEntry after = s.entries().get(3);
        String forged = "00000000-0000-4000-8000-" + String.format("%012d", System.nanoTime() % 1_000_000_000_000L);
        asSuperuser(
                "update ledger_seal set seq = seq + 1000000000 where seq >= " + after.seq(),
                "update ledger_seal set seq = seq - 1000000000 + 1 where seq >= 1000000000",
                "update ledger_seal set campaign_seq = campaign_seq + 1000000 where campaign_seq >= "
                        + after.campaignSeq() + " and entry_id in (select e.id from ledger_entry e join campaign c"
                        + " on c.id = e.campaign_id where c.code = '" + s.campaign() + "')",
                "update ledger_seal set campaign_seq = campaign_seq - 1000000 + 1 where campaign_seq >= 1000000",
                "insert into ledger_entry (id, partner_id, external_ref, campaign_id, umkm_id, kind, amount, currency,"
                        + " amount_idr, channel, occurred_at, recorded_at, region_code, request_digest)"
                        + " select '" + forged + "', partner_id, 'forged-' || external_ref, campaign_id, umkm_id,"
                        + " 'SALE', 50000000, 'IDR', 50000000, channel, occurred_at, recorded_at, region_code,"
                        + " request_digest from ledger_entry where id = '" + before.id() + "'",
                "insert into ledger_seal (seq, entry_id, campaign_id, campaign_seq, hash, campaign_hash)"
                        + " select " + after.seq() + ", '" + forged + "', campaign_id, " + after.campaignSeq()
                        + ", hash, campaign_hash from ledger_seal where entry_id = '" + before.id() + "'");
        String out = verify(s.campaign(), s.checkpoint(), Main.BROKEN);
        assertTrue(out.contains("BROKEN at seq " + after.seq() + " (entry " + forged + ")"), out);
    }

    @Test
    void swappedRowsAreNamed() throws Exception {
        Sealed s = sealedCampaign();
        SealedEntry a = s.entries().get(1);
        SealedEntry b = s.entries().get(2);
        asSuperuser(
                "update ledger_seal set seq = 999999999 where seq = " + a.seq(),
                "update ledger_seal set seq = " + a.seq() + " where seq = " + b.seq(),
                "update ledger_seal set seq = " + b.seq() + " where seq = 999999999");
        String out = verify(s.campaign(), s.checkpoint(), Main.BROKEN);
        assertTrue(out.contains("BROKEN at seq " + a.seq() + " (entry " + b.id() + ")"), out);
    }

    @Test
    void aForgedCheckpointIsRefused() throws Exception {
        Sealed s = sealedCampaign();
        Checkpoint cp = Checkpoint.parse(s.checkpoint());
        String amount = cp.campaign(s.campaign()).amountIdr();
        String forged = s.checkpoint().replace("\"amountIdr\":\"" + amount + "\"", "\"amountIdr\":\"999" + amount + "\"");
        assertTrue(verify(s.campaign(), forged, Main.BROKEN).contains("signature refused"));
        asSuperuser("update ledger_checkpoint set document = replace(document, '\"amountIdr\":\"" + amount
                + "\"', '\"amountIdr\":\"999" + amount + "\"') where seq = " + cp.seq());
        String served = given().get("/api/v1/attestations/" + cp.seq()).then().statusCode(200).extract().asString();
        assertTrue(verify(s.campaign(), served, Main.BROKEN).contains("signature refused"));
    }
}
