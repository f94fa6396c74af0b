import id.campaignledger.verify.Json;
import id.campaignledger.verify.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The verifier beside /progress at the benchmark's large size, as an auditor would run it: sign a
 * checkpoint, read the read campaign's progress (consistent with that checkpoint), stream the
 * campaign's export to a file, and run the offline verifier (target/ledger-verify.jar, on the
 * classpath) once, for the campaign total and every target; each figure must equal /progress to
 * the sen. Prints {@code verify_entries=… verify_total_idr=… verify_targets_agreeing=… export_seconds=…
 * verify_seconds=… export_mb=…} and fails on any disagreement.
 *
 * <pre>java -cp bench-classes:target/ledger-verify.jar Agreement STATE_FILE ADMIN_KEY DIR</pre>
 */
public final class Agreement {

    public static void main(String[] args) throws Exception {
        Properties state = new Properties();
        try (var in = Files.newInputStream(Path.of(args[0]))) {
            state.load(in);
        }
        String base = state.getProperty("url");
        String admin = args[1];
        Path dir = Path.of(args[2]);
        String campaign = state.getProperty("campaign.reads");
        HttpClient http = HttpClient.newHttpClient();

        Path checkpoint = dir.resolve("checkpoint.json");
        Files.writeString(checkpoint, call(http, "POST", base + "/api/v1/attestations", admin, 201).body());
        Path key = dir.resolve("public-key.pem");
        Files.writeString(key, call(http, "GET", base + "/api/v1/attestations/public-key", null, 200).body());
        HttpResponse<String> progressResponse = call(http, "GET", base + "/api/v1/campaigns/" + campaign + "/progress",
                admin, 200);
        LedgerBench.check(progressResponse.headers().firstValue("Ledger-Checkpoint-Status").orElse("")
                .equals("consistent"), "progress is not consistent with the checkpoint just signed");
        Map<?, ?> progress = (Map<?, ?>) Json.parse(progressResponse.body());
        List<?> targets = (List<?>) ((Map<?, ?>) Json.parse(call(http, "GET",
                base + "/api/v1/campaigns/" + campaign + "/targets", admin, 200).body())).get("items");

        long started = System.nanoTime();
        Path export = dir.resolve("export.csv");
        HttpResponse<Path> exported = http.send(HttpRequest.newBuilder(
                URI.create(base + "/api/v1/campaigns/" + campaign + "/export?format=csv"))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofFile(export));
        LedgerBench.check(exported.statusCode() == 200, "export answered " + exported.statusCode());
        double exportSeconds = (System.nanoTime() - started) / 1e9;
        long exportMb = Files.size(export) / (1024 * 1024);

        started = System.nanoTime();
        String[] common = { "--export", export.toString(), "--campaign", campaign, "--checkpoint",
                checkpoint.toString(), "--public-key", key.toString() };
        // One pass over the export for the campaign total and every target, as an auditor would run it.
        List<String> arguments = new java.util.ArrayList<>(List.of(common));
        int n = 0;
        for (Object t : targets) {
            Path file = dir.resolve("target-" + n++ + ".json");
            Files.writeString(file, Json.canonical(t));
            arguments.add("--target");
            arguments.add(file.toString());
        }
        String plain = verify(arguments.toArray(String[]::new));
        String total = (String) ((Map<?, ?>) progress.get("totals")).get("amountIdr");
        LedgerBench.check(plain.contains("amountIdr " + total + " (at checkpoint"),
                "the verifier's campaign total is not " + total + ":\n" + plain);
        int agreeing = 0;
        for (Object t : targets) {
            Map<?, ?> target = (Map<?, ?>) t;
            Map<?, ?> row = ((List<?>) progress.get("targets")).stream().map(r -> (Map<?, ?>) r)
                    .filter(r -> target.get("id").equals(r.get("targetId"))).findFirst().orElseThrow();
            String expected = "target " + target.get("id") + " " + target.get("metric") + " ";
            String line = plain.lines().filter(l -> l.startsWith(expected)).findFirst().orElse("");
            String figures = ": realised " + row.get("realised") + " of " + row.get("target") + " = "
                    + row.get("percent") + " %";
            LedgerBench.check(line.endsWith(figures), "progress says" + figures + ", the verifier:\n" + plain);
            agreeing++;
        }
        double verifySeconds = (System.nanoTime() - started) / 1e9;
        java.util.regex.Matcher entries = java.util.regex.Pattern.compile("entries verified: (\\d+)").matcher(plain);
        LedgerBench.check(entries.find(), "no entry count in:\n" + plain);
        Files.delete(export);
        System.out.printf(java.util.Locale.ROOT,
                "verify_entries=%s verify_total_idr=%s verify_targets_agreeing=%d export_seconds=%.0f verify_seconds=%.0f export_mb=%d%n",
                entries.group(1), total, agreeing, exportSeconds, verifySeconds, exportMb);
    }

    private static String verify(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = Main.run(args, print, print);
        String out = bytes.toString(StandardCharsets.UTF_8);
        LedgerBench.check(code == Main.OK, "the verifier exited " + code + ":\n" + out);
        return out;
    }

    private static HttpResponse<String> call(HttpClient http, String method, String url, String key, int status)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        LedgerBench.check(response.statusCode() == status, method + " " + url + " answered " + response.statusCode()
                + ": " + response.body());
        return response;
    }
}
