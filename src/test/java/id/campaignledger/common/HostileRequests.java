package id.campaignledger.common;

import static id.campaignledger.support.Api.ADMIN_KEY;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * The invalid requests of {@link HostileInputTest}, generated from openapi.yaml: for each operation,
 * mutations of its body ({@link HostileBodies}), of its path, query and headers, and transport-level
 * trouble across them ({@link HostileUrlsAndHeaders}). This class reads the contract and builds the
 * requests: guarded base bodies, path values, keys.
 */
final class HostileRequests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String RAW = "__raw_value__";

    /** Injection, traversal and encoding trouble for any string field, path or query parameter. */
    static final List<String> HOSTILE_STRINGS = List.of(
            "../../../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "' OR '1'='1", "1; DROP TABLE ledger_entry; --", "\"; select pg_sleep(5); --",
            "<script>alert(1)</script>", "javascript:alert(1)", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}",
            "\u0000", "line\r\nInjected: header", "😀\uD83D", "\u202Eevil", "ＡＢＣ", "NaN", "-1",
            "9".repeat(50), "", " ", "x".repeat(3_000));

    /** One operation of the contract, as the generator needs it. */
    record Op(String id, String method, String path, List<Parameter> pathParams, List<Parameter> queryParams,
            Schema<?> body, String mediaType) {
        boolean reads() {
            return method.equals("GET");
        }

        /**
         * A write that takes no input at all (signing a checkpoint): no guard can refuse it, so a
         * request that is still well-formed after its mutation legitimately does what it names.
         */
        boolean inputless() {
            return !reads() && body == null && pathParams.isEmpty() && queryParams.isEmpty();
        }
    }

    /**
     * One generated request. {@code expect}, when not 0, is the only acceptable status: input that
     * must be refused as such (a duplicate key, an out-of-range date) rather than reach the guard.
     */
    record Hostile(String label, Op op, String method, byte[] target, List<byte[]> headers, byte[] body, int expect) {
        Hostile(String label, Op op, String method, byte[] target, List<byte[]> headers, byte[] body) {
            this(label, op, method, target, headers, body, 0);
        }

        Hostile expecting(int status) {
            return new Hostile(label, op, method, target, headers, body, status);
        }
    }

    /** Dates Java reads and PostgreSQL cannot store (or stores as something else). */
    static final List<String> EXTREME_DATES = List.of("+999999999-12-31", "-999999999-01-01",
            "+10000-01-01", "0000-01-01", "1000-01-01");

    private final Random random;
    private final String partnerKey;
    final Map<String, String> existing;

    /** {@code existing}: rows the reads may name (see HostileInputTest); writes name rows that do not exist. */
    HostileRequests(Random random, String partnerKey, Map<String, String> existing) {
        this.random = random;
        this.partnerKey = partnerKey;
        this.existing = existing;
    }

    /** Every request for the operations. */
    List<Hostile> all(List<Op> ops) {
        HostileBodies bodies = new HostileBodies(this);
        HostileUrlsAndHeaders urls = new HostileUrlsAndHeaders(this);
        List<Hostile> requests = new ArrayList<>();
        for (Op op : ops) {
            requests.addAll(bodies.bodyMutations(op));
            requests.addAll(urls.pathMutations(op));
            requests.addAll(urls.queryMutations(op));
            requests.addAll(urls.headerMutations(op));
        }
        requests.addAll(urls.transportMutations(ops));
        return requests;
    }

    static List<Op> operations() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        OpenAPI api = new OpenAPIV3Parser().read(Path.of("openapi.yaml").toAbsolutePath().toUri().toString(), null,
                options);
        List<Op> ops = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            List<Parameter> params = new ArrayList<>();
            if (item.getParameters() != null) {
                params.addAll(item.getParameters());
            }
            if (operation.getParameters() != null) {
                params.addAll(operation.getParameters());
            }
            Schema<?> body = null;
            String mediaType = null;
            if (operation.getRequestBody() != null) {
                Map.Entry<String, MediaType> content = operation.getRequestBody().getContent().entrySet().iterator()
                        .next();
                mediaType = content.getKey();
                body = content.getValue().getSchema();
            }
            ops.add(new Op(operation.getOperationId(), method.name(), path,
                    params.stream().filter(p -> "path".equals(p.getIn())).toList(),
                    params.stream().filter(p -> "query".equals(p.getIn())).toList(), body, mediaType));
        }));
        return ops;
    }

    /** Path values: real rows for reads, rows that do not exist for writes (so a valid body still writes nothing). */
    String pathValue(Op op, String name) {
        return op.reads() ? existing.get(name) : missingValue(name);
    }

    /** A path value naming no row, so that a request which is valid as a whole still finds nothing to change. */
    String missingValue(String name) {
        return switch (name) {
            case "code" -> "NOPE_GUARD";
            case "partnerCode" -> "nope-guard";
            default -> new UUID(random.nextLong(), random.nextLong()).toString();
        };
    }

    String path(Op op, Function<String, String> valueOf) {
        String path = op.path();
        for (Parameter p : op.pathParams()) {
            path = path.replace("{" + p.getName() + "}", valueOf.apply(p.getName()));
        }
        return path;
    }

    String key(Op op) {
        if (op.path().startsWith("/api/v1/imports")) {
            return partnerKey; // import jobs are a partner's own
        }
        return op.method().equals("POST") && op.path().startsWith("/api/v1/transactions")
                && !op.path().contains("reversals") ? partnerKey : ADMIN_KEY;
    }

    /** Bodies that would be accepted but for their guard; every JSON operation needs one. */
    ObjectNode baseBody(Op op) {
        ObjectNode body = JSON.createObjectNode();
        switch (op.id()) {
            case "createCampaign" -> body.put("code", existing.get("code")).put("name", "Hostile")
                    .put("startsOn", "2023-01-01");
            case "updateCampaign" -> body.put("name", "Hostile").put("startsOn", "2023-01-01");
            case "createTarget", "reviseTarget" -> body.put("metric", "TRANSACTION_VALUE").put("amount", "1000.00")
                    .put("periodStart", "2023-01-01").put("periodEnd", "2023-12-31").put("reason", "hostile");
            case "registerUmkm" -> body.put("name", "Hostile").put("regionCode", "99.99").put("scale", "MIKRO")
                    .put("nib", existing.get("nib"));
            case "postTransaction" -> body.setAll(transaction());
            case "postTransactionBatch" -> body.putArray("items").add(transaction());
            case "reverseTransaction" -> body.put("externalRef", "hostile-rev").put("amount", "1.00")
                    .put("reason", "hostile");
            case "createPartner" -> body.put("code", existing.get("partnerCode")).put("name", "Hostile")
                    .put("kind", "OTHER").putArray("roles").add("VIEWER");
            // Guarded by a URL scheme no setting allows, or by the path's webhook that does not exist.
            case "createWebhook" -> {
                body.put("url", "ftp://127.0.0.1:9/hostile");
                body.putArray("eventTypes").add("transaction.recorded");
            }
            case "updateWebhook" -> body.put("description", "hostile");
            case "rotateWebhookSecret" -> body.put("graceSeconds", 60);
            default -> throw new AssertionError("operation " + op.id() + " takes a JSON body: give it a guarded base"
                    + " body in HostileInputTest.baseBody");
        }
        if (op.id().equals("updateCampaign")) {
            body.remove("code");
        }
        return body;
    }

    /** A sale for a campaign that does not exist: refused as an unknown reference when otherwise valid. */
    ObjectNode transaction() {
        ObjectNode t = JSON.createObjectNode();
        t.put("externalRef", "hostile-" + random.nextInt(1_000_000)).put("campaign", "NOPE_GUARD")
                .put("umkmId", existing.get("umkmId")).put("amount", "100.00").put("currency", "IDR")
                .put("channel", "QRIS").put("occurredAt", "2023-06-01T10:00:00+07:00");
        return t;
    }

    byte[] guardedBody(Op op) {
        if (!"application/json".equals(op.mediaType())) {
            return "externalRef,campaign\ncsv-2,NOPE_GUARD\n".getBytes(StandardCharsets.UTF_8);
        }
        return baseBody(op).toString().getBytes(StandardCharsets.UTF_8);
    }

    Hostile jsonRequest(Op op, String path, String label, String body) {
        return request(op, path, label, headers(op, "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    static Hostile request(Op op, String path, String label, List<byte[]> headers, byte[] body) {
        return new Hostile(label, op, op.method(), path.getBytes(StandardCharsets.UTF_8), headers, body);
    }

    List<byte[]> headers(Op op, String contentType) {
        List<byte[]> headers = new ArrayList<>();
        headers.add(("Authorization: Bearer " + key(op)).getBytes(StandardCharsets.US_ASCII));
        if (contentType != null) {
            headers.add(("Content-Type: " + contentType).getBytes(StandardCharsets.US_ASCII));
        }
        return headers;
    }

    static byte[] requestLine(Hostile h) {
        return concat((h.method() + " ").getBytes(StandardCharsets.US_ASCII), h.target(),
                " HTTP/1.1".getBytes(StandardCharsets.US_ASCII));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02X", b));
        }
        return s.toString();
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
