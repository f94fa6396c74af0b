import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens many connections that send half a request header and then say nothing more (a
 * "slowloris"), while checking liveness twice a second and counting the service's open file
 * descriptors. Prints one summary line and exits non-zero when liveness failed or the
 * descriptors grew past the bound.
 *
 *   java reliability/SlowClients.java HOST PORT SOCKETS PER_SECOND HEALTH_URL SERVICE_PID FD_BOUND
 */
public class SlowClients {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int sockets = Integer.parseInt(args[2]);
        int perSecond = Integer.parseInt(args[3]);
        URI health = URI.create(args[4]);
        long pid = Long.parseLong(args[5]);
        int fdBound = Integer.parseInt(args[6]);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Socket> open = new ArrayList<>();
        int refused = 0;
        int liveOk = 0;
        int liveFailed = 0;
        int maxFds = 0;
        String firstFailure = null;
        long start = System.nanoTime();
        long nextCheck = start;
        int opened = 0;
        byte[] half = ("GET /api/v1/campaigns HTTP/1.1\r\nHost: " + host + "\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII);
        while (opened < sockets || System.nanoTime() - start < Duration.ofSeconds(sockets / perSecond + 5).toNanos()) {
            long elapsed = System.nanoTime() - start;
            long due = Math.min(sockets, elapsed * perSecond / 1_000_000_000L);
            while (opened < due) {
                opened++;
                try {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(host, port), 2000);
                    OutputStream out = s.getOutputStream();
                    out.write(half);
                    out.flush();
                    open.add(s);
                } catch (IOException e) {
                    refused++;
                }
            }
            if (System.nanoTime() >= nextCheck) {
                nextCheck += 500_000_000L;
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2))
                            .GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("UP")) {
                        liveOk++;
                    } else {
                        liveFailed++;
                        firstFailure = firstFailure == null ? "status " + r.statusCode() : firstFailure;
                    }
                } catch (IOException e) {
                    liveFailed++;
                    firstFailure = firstFailure == null ? e.toString() : firstFailure;
                }
                maxFds = Math.max(maxFds, fds(pid));
            }
            Thread.sleep(5);
        }
        int closedByServer = 0;
        for (Socket s : open) {
            try {
                s.setSoTimeout(1);
                InputStream in = s.getInputStream();
                if (in.read() < 0) {
                    closedByServer++;
                } else {
                    closedByServer++; // an answer (408/400) and then the close
                }
            } catch (SocketTimeoutException e) {
                // still open: opened within the idle timeout
            } catch (IOException e) {
                closedByServer++;
            }
            try {
                s.close();
            } catch (IOException ignored) {
            }
        }
        // Sockets older than the idle timeout must have been closed by the service: without the
        // timeout none is, and descriptors grow with every connection an attacker opens.
        boolean ok = liveFailed == 0 && maxFds <= fdBound && liveOk > 0 && closedByServer > 0;
        System.out.printf("sockets=%d refused=%d closed_by_server=%d live_ok=%d live_failed=%d max_fds=%d fd_bound=%d%s%n",
                sockets, refused, closedByServer, liveOk, liveFailed, maxFds, fdBound,
                firstFailure == null ? "" : " first_failure=" + firstFailure);
        System.exit(ok ? 0 : 1);
    }

    static int fds(long pid) {
        try (Stream<Path> list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) list.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
