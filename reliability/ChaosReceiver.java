import com.sun.net.httpserver.HttpServer;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook receiver of reliability/chaos.sh: checks each signature with its own HMAC code
 * against the subscriptions' secrets, appends the webhook-id of every correctly signed message to
 * a file before answering 204, and answers 500 to the first attempt of one message in ten (kept in
 * <received-file>.failed across restarts; none with CHAOS_RECEIVER_STEADY=1). A receiver that
 * failed a message on every attempt at random would, over thousands of messages, push a few onto
 * the schedule's 30-minute step, beyond any run. chaos.sh kills and restarts it to make it
 * unreachable part of the time.
 *
 *   java ChaosReceiver <port> <received-file> <invalid-file> <secret>...
 */
public class ChaosReceiver {

    /** After the load phase: up and answering, so that every retry the schedule still holds succeeds. */
    static final boolean STEADY = "1".equals(System.getenv("CHAOS_RECEIVER_STEADY"));

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        FileOutputStream received = new FileOutputStream(args[1], true);
        FileOutputStream invalid = new FileOutputStream(args[2], true);
        List<String> secrets = List.of(args).subList(3, args.length);
        java.nio.file.Path failedFile = java.nio.file.Path.of(args[1] + ".failed");
        java.util.Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        if (java.nio.file.Files.exists(failedFile)) {
            failedOnce.addAll(java.nio.file.Files.readAllLines(failedFile));
        }
        FileOutputStream failed = new FileOutputStream(failedFile.toFile(), true);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean valid = id != null && timestamp != null && signature != null
                    && secrets.stream().anyMatch(s -> matches(s, id + "." + timestamp + "."
                            + new String(body, StandardCharsets.UTF_8), signature));
            int status;
            if (!valid) {
                synchronized (invalid) {
                    invalid.write((id + "\n").getBytes(StandardCharsets.UTF_8));
                }
                status = 400;
            } else if (!STEADY && !failedOnce.contains(id) && ThreadLocalRandom.current().nextInt(10) == 0) {
                synchronized (failed) {
                    failed.write((id + "\n").getBytes(StandardCharsets.UTF_8));
                }
                failedOnce.add(id);
                status = 500;
            } else {
                synchronized (received) {
                    received.write((id + "\n").getBytes(StandardCharsets.UTF_8));
                }
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    private static boolean matches(String secret, String content, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = ("v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal(content.getBytes(StandardCharsets.UTF_8)))).getBytes(StandardCharsets.US_ASCII);
            for (String candidate : header.split(" ")) {
                if (MessageDigest.isEqual(candidate.getBytes(StandardCharsets.US_ASCII), expected)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
