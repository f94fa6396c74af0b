package id.campaignledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** What running PostgreSQL programs needs from the host: the right user, files, ports, processes. */
final class Host {

    /** PostgreSQL refuses to run as root; as root, its programs run as this uid and gid. */
    static final int NOBODY = 65534;
    static final boolean ROOT = runningAsRoot();
    static final Set<PosixFilePermission> DIR_755 = PosixFilePermissions.fromString("rwxr-xr-x");

    private Host() {
    }

    record Result(int exitCode, String output) {
    }

    static Result run(List<String> command, Duration timeout) {
        List<String> full = new ArrayList<>();
        if (ROOT) {
            full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        full.addAll(command);
        Path output = null;
        try {
            output = Files.createTempFile("embedded-postgres", ".out");
            ProcessBuilder builder = new ProcessBuilder(full)
                    // The JVM's working directory may be unreadable for uid 65534 (e.g. under /root), and
                    // PostgreSQL programs fail with "could not identify current directory".
                    .directory(Binaries.installation().toFile())
                    .redirectErrorStream(true)
                    // A file, not a pipe: pg_ctl start leaves a daemon behind, and nothing must block on it.
                    .redirectOutput(output.toFile());
            Map<String, String> env = builder.environment();
            // Messages and collation must not depend on the host; lc_messages of a non-C locale that is
            // not installed makes initdb fail.
            env.put("LC_ALL", "C");
            env.put("LANG", "C");
            // PGPORT, PGDATA, PGHOST ... would silently redirect the commands; LD_LIBRARY_PATH would win over
            // the binaries' RUNPATH ($ORIGIN/../lib) and could load an incompatible libssl or ICU.
            env.keySet().removeIf(name -> name.startsWith("PG") || name.equals("LD_LIBRARY_PATH"));
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish within " + timeout
                        + ":\n" + readQuietly(output));
            }
            return new Result(process.exitValue(), readQuietly(output));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", full), e);
        } finally {
            if (output != null) {
                deleteQuietly(output);
            }
        }
    }

    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return false; // no /proc: not Linux, where the binaries would not run anyway
        }
    }

    /** As root, PostgreSQL runs as uid 65534, which needs "others" execute permission on every ancestor. */
    static void requireTraversableByOthers(Path dir, String what) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
            if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("The JVM runs as root, so PostgreSQL runs as uid " + NOBODY
                        + ", which cannot traverse " + p + " (mode " + PosixFilePermissions.toString(permissions)
                        + ") to reach " + what + ". Use a location outside " + p
                        + " (for example under /tmp or /var/tmp; for the binaries set -Djava.io.tmpdir)"
                        + " or allow it with chmod o+x " + p + ".");
            }
        }
    }

    static void requireOwnedByUs(Path path) throws IOException {
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int us = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (owner != us) {
            throw new IllegalStateException(path + " belongs to uid " + owner + ", not to us (uid " + us
                    + "); point -Djava.io.tmpdir elsewhere");
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }

    static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    static String tail(String text, int max) {
        return text.length() <= max ? text : "..." + text.substring(text.length() - max);
    }

    static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | UncheckedIOException e) {
            return "(no output: " + e + ")";
        }
    }

    static void deleteQuietly(Path path) {
        try {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("embedded-postgres: could not delete " + path + ": " + e);
        }
    }
}
