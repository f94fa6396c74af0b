package id.campaignledger.replica;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL primary with a real streaming replica of it, made by
 * {@code reliability/replica.sh} (pg_basebackup -R, a second port), for as long as the application
 * under test runs, in target/replica. Ports: REPLICA_PRIMARY_PORT and REPLICA_STANDBY_PORT when set
 * (CI fixes them), otherwise two free ones, so that test runs side by side never collide. The
 * application writes to the primary and reads through the replica.
 */
public class StreamingReplica implements QuarkusTestResourceLifecycleManager {

    /** Lag allowed in these tests: long enough for a read right after a write, short to exceed. */
    static final String MAX_LAG = "3S";

    private static final Map<String, String> PORTS = new HashMap<>();

    @Override
    public Map<String, String> start() {
        PORTS.put("REPLICA_PRIMARY_PORT", port("REPLICA_PRIMARY_PORT"));
        PORTS.put("REPLICA_STANDBY_PORT", port("REPLICA_STANDBY_PORT"));
        String out = script("up");
        Map<String, String> urls = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                urls.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        if (!urls.containsKey("primary") || !urls.containsKey("replica")) {
            throw new IllegalStateException("replica.sh up printed no URLs: " + out);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", urls.get("primary"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "quarkus.datasource.replica.jdbc.url", urls.get("replica"),
                "quarkus.datasource.replica.username", "postgres",
                "quarkus.datasource.replica.password", "postgres",
                "ledger.replica.max-lag", MAX_LAG,
                "ledger.replica.probe-interval", "100ms");
    }

    /** After the suite's own database resource, so that this pair is the one the application uses. */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public void stop() {
        script("down");
    }

    private static String port(String variable) {
        String set = System.getenv(variable);
        if (set != null && !set.isBlank()) {
            return set;
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return Integer.toString(s.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code reliability/replica.sh <command>} and returns what it printed. */
    static String script(String command) {
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "reliability/replica.sh", command).redirectErrorStream(true);
            builder.environment().putAll(PORTS);
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("replica.sh " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run replica.sh " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: replica.sh " + command, e);
        }
    }
}
