package id.campaignledger.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offline verifier: {@code java -jar ledger-verify.jar --export e.ndjson --checkpoint c.json
 * --public-key k.pem [--campaign CODE] [--target t.json]... [--time-zone Asia/Jakarta]}. Needs no
 * database and no network. Exit code 0: OK; 1: the chain, the totals or the signature do not
 * hold; 2: wrong usage or unreadable input.
 */
public final class Main {

    public static final int OK = 0;
    public static final int BROKEN = 1;
    public static final int USAGE = 2;

    private static final Set<String> OPTIONS = Set.of("--export", "--checkpoint", "--public-key", "--campaign",
            "--target", "--time-zone");

    static final String USAGE_TEXT = """
            usage: java -jar ledger-verify.jar --export FILE [--checkpoint FILE --public-key FILE]
                                               [--campaign CODE] [--target FILE]... [--time-zone ZONE]
              --export      an export (NDJSON or CSV) of the whole ledger from seq 1, or with
                            --campaign, of one campaign from its first entry; '-' reads standard input
              --checkpoint  a signed checkpoint (GET /api/v1/attestations/latest or /{seq})
              --public-key  the Ed25519 public key in PEM (GET /api/v1/attestations/public-key)
              --campaign    the export is this campaign's (GET /api/v1/campaigns/{code}/export)
              --target      a target as JSON (an item of GET /api/v1/campaigns/{code}/targets): its progress
                            is recomputed from the export, up to the checkpoint; may be given several
                            times, every target is recomputed in the one pass
              --time-zone   the ledger's time zone for target periods (default Asia/Jakarta)
            exit code: 0 OK, 1 broken (chain, totals or signature), 2 usage or unreadable input
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> o = new HashMap<>();
        List<String> targetFiles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                out.print(USAGE_TEXT);
                return OK;
            }
            if (!OPTIONS.contains(args[i]) || i + 1 >= args.length || o.containsKey(args[i])) {
                err.println("ledger-verify: unexpected or incomplete argument " + args[i]);
                err.print(USAGE_TEXT);
                return USAGE;
            }
            if (args[i].equals("--target")) {
                targetFiles.add(args[++i]);
                continue;
            }
            o.put(args[i], args[++i]);
        }
        if (!o.containsKey("--export") || o.containsKey("--checkpoint") != o.containsKey("--public-key")) {
            err.println("ledger-verify: --export is needed, and --checkpoint goes with --public-key");
            err.print(USAGE_TEXT);
            return USAGE;
        }
        Checkpoint checkpoint = null;
        List<TargetSpec> targets = new ArrayList<>();
        ZoneId zone;
        try {
            zone = ZoneId.of(o.getOrDefault("--time-zone", "Asia/Jakarta"));
            if (o.containsKey("--checkpoint")) {
                PublicKey key = Keys.publicKey(Files.readString(Path.of(o.get("--public-key"))));
                checkpoint = Checkpoint.parse(Files.readString(Path.of(o.get("--checkpoint"))));
                if (!checkpoint.keyId().equals(Keys.keyId(key))) {
                    out.println("BROKEN checkpoint " + checkpoint.seq() + ": signed by key " + checkpoint.keyId()
                            + ", not by the given public key " + Keys.keyId(key) + ": signature refused");
                    return BROKEN;
                }
                if (!checkpoint.signatureValid(key)) {
                    out.println("BROKEN checkpoint " + checkpoint.seq()
                            + ": the signature does not match its content: signature refused");
                    return BROKEN;
                }
                out.println("checkpoint " + checkpoint.seq() + " of " + checkpoint.createdAt()
                        + ": signature valid (key " + checkpoint.keyId() + "), head seq " + checkpoint.headSeq());
            }
            for (String targetFile : targetFiles) {
                TargetSpec target = TargetSpec.parse(Files.readString(Path.of(targetFile)));
                if (o.containsKey("--campaign") && !o.get("--campaign").equals(target.campaign())) {
                    err.println("ledger-verify: the target belongs to campaign " + target.campaign());
                    return USAGE;
                }
                targets.add(target);
            }
        } catch (IOException | IllegalArgumentException | DateTimeException e) {
            err.println("ledger-verify: " + e.getMessage());
            return USAGE;
        }
        Verifier verifier = new Verifier(o.get("--campaign"), checkpoint, targets, zone);
        String file = o.get("--export");
        try (ExportReader reader = new ExportReader(file.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16)
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8))) {
            SealedEntry e;
            while ((e = reader.next()) != null) {
                if (!verifier.accept(e)) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            err.println("ledger-verify: cannot read the export: " + e.getMessage());
            return USAGE;
        }
        Verifier.Result result = verifier.finish();
        result.figures().forEach(out::println);
        out.println(result.message());
        return result.ok() ? OK : BROKEN;
    }
}
