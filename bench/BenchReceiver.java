import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook receiver of bench/run.sh (BENCH_WEBHOOK=1): answers 204 to every POST and counts
 * them; GET /count answers the count. It checks no signature and keeps no ids, so that it costs
 * the machine as little as possible and holds no memory whatever the number of events (the
 * signature checks are in the tests and in reliability/ChaosReceiver.java).
 *
 *   java BenchReceiver <port>
 */
public class BenchReceiver {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        AtomicLong received = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            if ("GET".equals(exchange.getRequestMethod())) {
                byte[] count = Long.toString(received.get()).getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, count.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(count);
                }
            } else {
                received.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }
}
