package id.campaignledger.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on a real socket (the JDK's HTTP server), answering as it is told and
 * keeping what it received. It checks signatures with its own HMAC code, written from the
 * Standard Webhooks text, not with the service's.
 */
final class Receiver implements AutoCloseable {

    /** What it received: headers (lower-case names) and the body as sent. */
    record Received(String id, String timestamp, String signature, String body) {
    }

    /** An answer: a status and optional headers. */
    record Answer(int status, Map<String, String> headers) {

        static Answer of(int status) {
            return new Answer(status, Map.of());
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private volatile Answer otherwise = Answer.of(204);
    private volatile Runnable whileAnswering = () -> {
    };

    Receiver() throws IOException {
        this(0);
    }

    /** On a given port (0: any free one), e.g. to come back where a closed receiver was. */
    Receiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            var h = exchange.getRequestHeaders();
            received.add(new Received(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                    h.getFirst("webhook-signature"), new String(body, StandardCharsets.UTF_8)));
            whileAnswering.run();
            Answer answer = script.isEmpty() ? otherwise : script.poll();
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(answer.status(), -1);
            exchange.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next answers, in order; after them {@link #otherwise}. */
    Receiver answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Runs before each answer, e.g. to move a test clock as a slow receiver would. */
    Receiver whileAnswering(Runnable action) {
        whileAnswering = action;
        return this;
    }

    Receiver otherwise(int status) {
        otherwise = Answer.of(status);
        return this;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    void forget() {
        received.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** True when one of the space-separated v1 signatures is HMAC-SHA256 of id.timestamp.body under the secret. */
    static boolean signedWith(Received r, String secret) {
        String expected = "v1," + hmac(secret, r.id() + "." + r.timestamp() + "." + r.body());
        for (String candidate : r.signature().split(" ")) {
            if (MessageDigest.isEqual(candidate.getBytes(StandardCharsets.US_ASCII),
                    expected.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    private static String hmac(String secret, String content) {
        if (!secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("not a Standard Webhooks secret");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
