package id.campaignledger.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/ledger-verify.jar as an auditor runs it: a separate JVM with only the JDK, a heap far
 * smaller than the export, so the verifier must stream.
 */
class LedgerVerifyJarTest {

    private static final long ENTRIES = 60_000;

    @TempDir
    Path dir;

    @Test
    void theJarVerifiesAnExportLargerThanItsHeap() throws Exception {
        Path jar = Path.of("target/ledger-verify.jar");
        assertTrue(Files.isRegularFile(jar), "built by mvn process-classes");
        Path export = dir.resolve("ledger.ndjson");
        List<SealedEntry> head = new ArrayList<>();
        try (BufferedWriter w = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
            ChainFixture.generate(ENTRIES, e -> {
                if (head.size() < ENTRIES && e.seq() <= 1000) {
                    head.add(e);
                }
                try {
                    w.write(e.toJsonLine());
                    w.write('\n');
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        assertTrue(Files.size(export) > 32L * 1024 * 1024, "the export is larger than the heap");
        Checkpoint cp = ChainFixture.checkpoint(head, 1000);
        Path checkpoint = dir.resolve("checkpoint.json");
        Files.writeString(checkpoint, cp.document());
        Path key = dir.resolve("key.pem");
        Files.writeString(key, Keys.pem(ChainFixture.KEY.getPublic()));

        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m", "-XX:+UseSerialGC", "-jar", jar.toString(), "--export", export.toString(),
                "--checkpoint", checkpoint.toString(), "--public-key", key.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the verifier finished");
        String printed = Files.readString(out);
        assertEquals(0, p.exitValue(), printed);
        assertTrue(printed.contains("entries verified: " + ENTRIES), printed);
        assertTrue(printed.contains("not covered by its signature): " + (ENTRIES - 1000)), printed);
        assertTrue(printed.endsWith("OK\n"), printed);
    }
}
