package id.campaignledger.attest;

import static id.campaignledger.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.verify.Json;
import id.campaignledger.verify.Main;
import id.campaignledger.web.DemoDashboardProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the demo data (Banten's BBI 2023), the offline verifier recomputes every campaign total and
 * every target's progress from an export and a checkpoint, and agrees with /progress to the sen.
 */
@QuarkusTest
@TestProfile(DemoDashboardProfile.class)
class DemoVerificationTest {

    @TempDir
    Path dir;

    @Test
    void theVerifierAgreesWithProgressToTheSenOnEveryDemoTarget() throws Exception {
        String checkpoint = asAdmin().post("/api/v1/attestations").then().statusCode(201).extract().asString();
        Path cp = dir.resolve("checkpoint.json");
        Files.writeString(cp, checkpoint);
        Path key = dir.resolve("key.pem");
        Files.writeString(key, given().get("/api/v1/attestations/public-key").asString());
        List<String> campaigns = asAdmin().get("/api/v1/campaigns").then().statusCode(200).extract().path("items.code");
        assertFalse(campaigns.isEmpty());
        int targetsChecked = 0;
        for (String campaign : campaigns) {
            Response progress = asAdmin().get("/api/v1/campaigns/" + campaign + "/progress").then().statusCode(200)
                    .header("Ledger-Checkpoint-Status", "consistent").extract().response();
            Path export = dir.resolve(campaign + ".csv");
            Files.writeString(export, asAdmin().queryParam("format", "csv")
                    .get("/api/v1/campaigns/" + campaign + "/export").then().statusCode(200).extract().asString());
            List<Map<String, Object>> targets = asAdmin().get("/api/v1/campaigns/" + campaign + "/targets")
                    .then().statusCode(200).extract().path("items");
            String total = progress.path("totals.amountIdr");
            String plain = run("--export", export.toString(), "--campaign", campaign, "--checkpoint", cp.toString(),
                    "--public-key", key.toString());
            assertTrue(plain.contains("campaign " + campaign + ": entries ") && plain.contains("amountIdr " + total
                    + " (at checkpoint"), plain);
            for (Map<String, Object> target : targets) {
                Path t = dir.resolve("target.json");
                Files.writeString(t, Json.canonical(target));
                String out = run("--export", export.toString(), "--campaign", campaign, "--checkpoint", cp.toString(),
                        "--public-key", key.toString(), "--target", t.toString());
                String id = (String) target.get("id");
                String realised = progress.path("targets.find { it.targetId == '" + id + "' }.realised");
                String percent = progress.path("targets.find { it.targetId == '" + id + "' }.percent");
                String target0 = progress.path("targets.find { it.targetId == '" + id + "' }.target");
                assertTrue(out.contains(": realised " + realised + " of " + target0 + " = " + percent + " %"),
                        "progress says " + realised + " (" + percent + " %), verifier: " + out);
                targetsChecked++;
            }
        }
        assertTrue(targetsChecked > 0, "the demo has targets");
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Main.run(args, print, print);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(Main.OK, code, printed);
        return printed;
    }
}
