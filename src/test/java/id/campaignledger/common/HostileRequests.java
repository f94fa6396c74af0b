package id.campaignledger.common;

import static id.campaignledger.support.Api.ADMIN_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.campaignledger.support.Fixtures;
import id.campaignledger.support.RawHttp;
import id.campaignledger.support.RawHttp.Reply;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The invalid requests of {@link HostileInputTest}, generated from openapi.yaml: for each operation,
 * mutations of its body, path, query and headers, and transport-level trouble across them.
 */
final class HostileRequests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String RAW = "__raw_value__";

    /** Injection, traversal and encoding trouble for any string field, path or query parameter. */
    private static final List<String> HOSTILE_STRINGS = List.of(
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

    /** Text that reads differently on different screens, or not at all: refused in names and reasons. */
    private static final List<String> UNREADABLE_TEXT = List.of("\u202Eexe.txt", "abc\u2066def", "\u200B\u200B",
            "\u200D", "\u2060\uFEFF", "bell\u0007", "line\nbreak", "tab\tin\tname", "esc\u001B[31m");

    /** Dates Java reads and PostgreSQL cannot store (or stores as something else). */
    private static final List<String> EXTREME_DATES = List.of("+999999999-12-31", "-999999999-01-01",
            "+10000-01-01", "0000-01-01", "1000-01-01");

    private final Random random;
    private final String partnerKey;
    private final Map<String, String> existing;

    /** {@code existing}: rows the reads may name (see HostileInputTest); writes name rows that do not exist. */
    HostileRequests(Random random, String partnerKey, Map<String, String> existing) {
        this.random = random;
        this.partnerKey = partnerKey;
        this.existing = existing;
    }

    /** Every request for the operations. */
    List<Hostile> all(List<Op> ops) {
        List<Hostile> requests = new ArrayList<>();
        for (Op op : ops) {
            requests.addAll(bodyMutations(op));
            requests.addAll(pathMutations(op));
            requests.addAll(queryMutations(op));
            requests.addAll(headerMutations(op));
        }
        requests.addAll(transportMutations(ops));
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
    private String pathValue(Op op, String name) {
        if (op.reads()) {
            return existing.get(name);
        }
        return switch (name) {
            case "code" -> "NOPE_GUARD";
            case "partnerCode" -> "nope-guard";
            default -> new UUID(random.nextLong(), random.nextLong()).toString();
        };
    }

    private String path(Op op, Function<String, String> valueOf) {
        String path = op.path();
        for (Parameter p : op.pathParams()) {
            path = path.replace("{" + p.getName() + "}", valueOf.apply(p.getName()));
        }
        return path;
    }

    private String key(Op op) {
        if (op.path().startsWith("/api/v1/imports")) {
            return partnerKey; // import jobs are a partner's own
        }
        return op.method().equals("POST") && op.path().startsWith("/api/v1/transactions")
                && !op.path().contains("reversals") ? partnerKey : ADMIN_KEY;
    }

    /** Bodies that would be accepted but for their guard; every JSON operation needs one. */
    private ObjectNode baseBody(Op op) {
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
    private ObjectNode transaction() {
        ObjectNode t = JSON.createObjectNode();
        t.put("externalRef", "hostile-" + random.nextInt(1_000_000)).put("campaign", "NOPE_GUARD")
                .put("umkmId", existing.get("umkmId")).put("amount", "100.00").put("currency", "IDR")
                .put("channel", "QRIS").put("occurredAt", "2023-06-01T10:00:00+07:00");
        return t;
    }

    // ---- generators -------------------------------------------------------------------------

    private List<Hostile> bodyMutations(Op op) {
        List<Hostile> out = new ArrayList<>();
        if (op.body() == null) {
            return out;
        }
        if (!op.mediaType().equals("application/json")) {
            return csvMutations(op);
        }
        ObjectNode base = baseBody(op);
        String path = path(op, n -> pathValue(op, n));
        if (op.id().equals("postTransactionBatch")) {
            Schema<?> item = op.body().getProperties().get("items").getItems();
            for (Map.Entry<String, String> m : fieldMutations(item, (ObjectNode) base.get("items").get(0))) {
                out.add(jsonRequest(op, path, "items[0]." + m.getKey(), "{\"items\":[" + m.getValue() + "]}"));
            }
            List<String> items = List.of("[]", "[null]", "[1,\"x\",[],true]", "{}", "\"x\"",
                    "[" + String.join(",", java.util.Collections.nCopies(1_001, transaction().toString())) + "]");
            for (String i : items) {
                out.add(jsonRequest(op, path, "items=" + abbreviate(i), "{\"items\":" + i + "}"));
            }
        } else {
            for (Map.Entry<String, String> m : fieldMutations(op.body(), base)) {
                out.add(jsonRequest(op, path, m.getKey(), m.getValue()));
            }
        }
        String valid = base.toString();
        Map<String, String> whole = new LinkedHashMap<>();
        whole.put("empty body", "");
        whole.put("unterminated", valid.substring(0, valid.length() / 2));
        whole.put("trailing garbage", valid + "}}garbage");
        whole.put("array", "[" + valid + "]");
        whole.put("string", "\"" + valid.replace("\"", "\\\"") + "\"");
        whole.put("number", "12345");
        whole.put("null", "null");
        whole.put("empty object", "{}");
        whole.put("extra field", valid.substring(0, valid.length() - 1) + ",\"isAdmin\":true}");
        whole.put("extra nested field", valid.substring(0, valid.length() - 1) + ",\"x\":{\"y\":[1,2,{}]}}");
        whole.put("single quotes", valid.replace('"', '\''));
        whole.put("comments", "/* hi */" + valid);
        whole.put("trailing comma", valid.substring(0, valid.length() - 1) + ",}");
        whole.put("NaN literal", valid.substring(0, valid.length() - 1) + ",\"amount\":NaN}");
        whole.put("deep array", "[".repeat(100_000) + "]".repeat(100_000));
        whole.put("deep object", "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000));
        whole.put("over one mebibyte", valid.substring(0, valid.length() - 1) + ",\"pad\":\""
                + "x".repeat(1_100_000) + "\"}");
        whole.put("ten thousand keys", "{" + String.join(",", java.util.stream.IntStream.range(0, 10_000)
                .mapToObj(i -> "\"k" + i + "\":" + i).toList()) + "}");
        whole.forEach((label, body) -> out.add(jsonRequest(op, path, label, body)));
        // Bodies another parser could read differently: refused as a whole, before any guard answers.
        String firstField = base.fieldNames().next();
        Map<String, String> ambiguous = new LinkedHashMap<>();
        ambiguous.put("duplicate key " + firstField, "{\"" + firstField + "\":" + base.get(firstField) + ","
                + valid.substring(1));
        ambiguous.put("duplicate key, other value", valid.substring(0, valid.length() - 1) + ",\"" + firstField
                + "\":" + base.get(firstField) + "}");
        ambiguous.put("trailing word", valid + " garbage");
        ambiguous.put("trailing second object", valid + valid);
        ambiguous.put("trailing array", valid + "\n[]");
        ambiguous.forEach((label, body) -> out.add(jsonRequest(op, path, label, body).expecting(400)));
        if (!op.id().equals("postTransactionBatch")) {
            for (Map.Entry<String, String> m : strictFieldMutations(op.body(), base)) {
                out.add(jsonRequest(op, path, m.getKey(), m.getValue()).expecting(400));
            }
        } else {
            Schema<?> item = op.body().getProperties().get("items").getItems();
            ObjectNode first = (ObjectNode) base.get("items").get(0);
            for (Map.Entry<String, String> m : strictFieldMutations(item, first)) {
                // Items are read one by one, so a bad one is rejected in the batch result: never created.
                out.add(jsonRequest(op, path, "items[0]." + m.getKey(), "{\"items\":[" + m.getValue() + "]}"));
            }
        }

        byte[] utf8 = valid.getBytes(StandardCharsets.UTF_8);
        int quote = valid.indexOf(":\"") + 2;
        for (byte[] bad : List.of(new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF, (byte) 0xFE },
                new byte[] { (byte) 0xC0, (byte) 0xAF }, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
                new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, new byte[] { 0 })) {
            out.add(request(op, path, "invalid UTF-8 " + hex(bad), headers(op, "application/json"),
                    concat(java.util.Arrays.copyOf(utf8, quote), bad, java.util.Arrays.copyOfRange(utf8, quote,
                            utf8.length))));
        }
        out.add(request(op, path, "UTF-16 body", headers(op, "application/json"), valid.getBytes(StandardCharsets.UTF_16LE)));
        out.add(request(op, path, "byte order mark", headers(op, "application/json"),
                concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, utf8)));
        for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1", "application/json; charset=utf-7",
                "garbage", "application/json, application/xml", "application/octet-stream", "text/csv")) {
            out.add(request(op, path, "Content-Type " + contentType, headers(op, contentType), utf8));
        }
        out.add(request(op, path, "no Content-Type", headers(op, null), utf8).expecting(415));
        return out;
    }

    /** Values every string field must refuse with 400: unpaired surrogates, unreadable text, extreme dates. */
    private List<Map.Entry<String, String>> strictFieldMutations(Schema<?> schema, ObjectNode base) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        Map<String, Schema> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
        properties.forEach((name, property) -> {
            if (!"string".equals(property.getType())) {
                return;
            }
            List<String> values = new ArrayList<>(List.of("\"a\\uD83D\"", "\"\\uDE00b\""));
            String format = property.getFormat() == null ? "" : property.getFormat();
            if (List.of("name", "reason", "description").contains(name)) {
                for (String text : UNREADABLE_TEXT) {
                    if (!(name.equals("description") && (text.contains("\\n") || text.contains("\\t")))) {
                        values.add("\"" + text + "\"");
                    }
                }
            }
            String label = "";
            if (format.equals("date") || format.equals("date-time")) {
                label = "extreme date ";
                for (String date : EXTREME_DATES) {
                    values.add("\"" + (format.equals("date") ? date : date + "T10:00:00+07:00") + "\"");
                }
            }
            for (String v : values) {
                ObjectNode copy = base.deepCopy();
                copy.put(name, RAW);
                out.add(Map.entry(label + name + "=" + abbreviate(v), copy.toString().replace("\"" + RAW + "\"", v)));
            }
        });
        return out;
    }

    /** Per field of the schema: wrong types, nulls and absence where required, boundaries, hostile strings, depth. */
    private List<Map.Entry<String, String>> fieldMutations(Schema<?> schema, ObjectNode base) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        Map<String, Schema> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
        properties.forEach((name, property) -> {
            List<String> values = new ArrayList<>(wrongValues(property));
            if (required.contains(name)) {
                values.add("null");
                ObjectNode without = base.deepCopy();
                without.remove(name);
                out.add(Map.entry(name + " absent", without.toString()));
            }
            values.add("[".repeat(5_000) + "]".repeat(5_000));
            values.add("{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000));
            for (String v : values) {
                ObjectNode copy = base.deepCopy();
                copy.put(name, RAW);
                out.add(Map.entry(name + "=" + abbreviate(v), copy.toString().replace("\"" + RAW + "\"", v)));
            }
        });
        return out;
    }

    private List<String> wrongValues(Schema<?> s) {
        List<String> v = new ArrayList<>(List.of("{\"x\":1}", "[1,2]"));
        String type = s.getType();
        if (s.getOneOf() != null) { // string-or-number decimals: amounts and rates
            v.addAll(List.of("\"1.001\"", "1.001", "\"-1\"", "-5", "0", "\"0.00\"", "\"1000000000000000.01\"",
                    "1000000000000000.01", "\"10000000000000000\"", "1e400", "1E-400", "\"1e3\"", "\"NaN\"",
                    "\"Infinity\"", "\"0x1F\"", "\" 100 \"", "\"1,00\"", "\"\"", "\"١٠٠\"", "true",
                    "123456789012345678901234567890123456789012345678901234567890", "\"" + "9".repeat(2_000) + "\""));
            return v;
        }
        if (s.getEnum() != null && !s.getEnum().isEmpty()) {
            v.addAll(List.of("\"NOT_A_VALUE\"", quote(String.valueOf(s.getEnum().get(0)).toLowerCase(Locale.ROOT)),
                    "12345.678", "\"\""));
            hostile(v);
            return v;
        }
        if (type == null) {
            return v;
        }
        switch (type) {
            case "string" -> {
                v.add("12345.678");
                String format = s.getFormat() == null ? "" : s.getFormat();
                switch (format) {
                    case "date" -> v.addAll(List.of("\"2023-02-30\"", "\"2023-13-01\"", "\"23-01-01\"",
                            "\"2023-01-01T00:00:00Z\"", "\"+999999999-12-31\"", "20230101.5"));
                    case "date-time" -> v.addAll(List.of("\"2023-06-01T10:00:00\"", "\"2023-06-01\"",
                            "\"9999-12-31T23:59:59+07:00\"", "\"2023-06-01T25:00:00+07:00\"",
                            "\"2023-06-01T10:00:00+25:00\"", "\"-999999999-01-01T00:00:00Z\""));
                    case "uuid" -> v.addAll(List.of("\"not-a-uuid\"", "\"00000000-0000-0000-0000-00000000000g\"",
                            "\"" + UUID.randomUUID() + "-extra\""));
                    default -> {
                    }
                }
                hostile(v);
            }
            case "integer", "number" -> v.addAll(List.of("\"abc\"", "true", "-1", "1.5", "1e400",
                    "99999999999999999999999999"));
            case "boolean" -> v.addAll(List.of("\"yes\"", "2", "\"\""));
            case "array" -> v.addAll(List.of("\"ADMIN\"", "[null]", "[\"NOT_A_ROLE\"]", "[[[\"x\"]]]",
                    "[" + String.join(",", java.util.Collections.nCopies(10_000, "\"ADMIN\"")) + "]"));
            case "object" -> v.addAll(List.of("\"x\"", "1", "{\"big\":\"" + "x".repeat(5_000) + "\"}"));
            default -> {
            }
        }
        return v;
    }

    private static void hostile(List<String> values) {
        for (String h : HOSTILE_STRINGS) {
            values.add(quote(h));
        }
    }

    private List<Hostile> csvMutations(Op op) {
        String header = "externalRef,campaign,umkmId,nib,amount,currency,fxRateToIdr,channel,occurredAt,metadata\n";
        String row = "csv-1,NOPE_GUARD," + existing.get("umkmId") + ",,100.00,IDR,,QRIS,2023-06-01T10:00:00+07:00,\n";
        String path = path(op, n -> pathValue(op, n));
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("empty", new byte[0]);
        bodies.put("header only", header.getBytes(StandardCharsets.UTF_8));
        bodies.put("guarded row", (header + row).getBytes(StandardCharsets.UTF_8));
        bodies.put("unknown column", ("evil," + header + "x," + row).getBytes(StandardCharsets.UTF_8));
        bodies.put("unbalanced quote", (header + "\"csv-2,NOPE_GUARD\n").getBytes(StandardCharsets.UTF_8));
        bodies.put("formula injection", (header + row.replace("csv-1", "=cmd|' /C calc'!A0")).getBytes(StandardCharsets.UTF_8));
        bodies.put("sql injection", (header + row.replace("NOPE_GUARD", "X'; drop table ledger_entry; --"))
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("too many fields", (header + row.trim() + ",a,b,c\n").getBytes(StandardCharsets.UTF_8));
        bodies.put("huge field", (header + row.replace("csv-1", "x".repeat(200_000))).getBytes(StandardCharsets.UTF_8));
        bodies.put("NUL bytes", (header + row.replace("csv-1", "csv\u00001")).getBytes(StandardCharsets.UTF_8));
        bodies.put("invalid UTF-8", concat(header.getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xC3, 0x28,
                (byte) 0xFF, ',', '\n' }, row.getBytes(StandardCharsets.UTF_8)));
        bodies.put("JSON instead", transaction().toString().getBytes(StandardCharsets.UTF_8));
        bodies.put("amount with three decimals", (header + row.replace("100.00", "100.001")).getBytes(StandardCharsets.UTF_8));
        bodies.put("bare CR line ends", (header + row).replace('\n', '\r').getBytes(StandardCharsets.UTF_8));
        List<Hostile> out = new ArrayList<>();
        bodies.forEach((label, body) -> out.add(request(op, path, "csv " + label, headers(op, op.mediaType()), body)));
        for (String contentType : List.of("application/json", "application/xml", "garbage")) {
            out.add(request(op, path, "csv as " + contentType, headers(op, contentType), bodies.get("guarded row")));
        }
        return out;
    }

    private List<Hostile> pathMutations(Op op) {
        List<Hostile> out = new ArrayList<>();
        byte[] body = op.body() == null ? null : guardedBody(op);
        for (Parameter p : op.pathParams()) {
            List<String> values = new ArrayList<>(HOSTILE_STRINGS);
            values.addAll(List.of("..", ".", "%2e%2e", "..%2F..%2F", "0", "-1"));
            for (String value : values) {
                String encoded = value.startsWith("%") || value.startsWith("..%") ? value : encode(value);
                String path = path(op, n -> n.equals(p.getName()) ? encoded : pathValue(op, n));
                out.add(request(op, path, p.getName() + "=" + abbreviate(value), headers(op, op.mediaType()), body));
            }
        }
        return out;
    }

    private List<Hostile> queryMutations(Op op) {
        List<Hostile> out = new ArrayList<>();
        String path = path(op, n -> pathValue(op, n));
        for (Parameter p : op.queryParams()) {
            List<String> values = new ArrayList<>(HOSTILE_STRINGS);
            values.addAll(List.of("0", "-1", "2147483648", "1e3", "2023-13-45", "2023-01-01T00:00:00"));
            for (String value : values) {
                out.add(request(op, path + "?" + p.getName() + "=" + encode(value), p.getName() + "=" + abbreviate(value),
                        headers(op, null), null));
            }
            out.add(request(op, path + "?" + p.getName() + "=1&" + p.getName() + "=2", p.getName() + " twice",
                    headers(op, null), null));
            out.add(request(op, path + "?" + p.getName() + "=%C3%28%FF", p.getName() + " invalid UTF-8",
                    headers(op, null), null));
            String format = p.getSchema() == null || p.getSchema().getFormat() == null ? "" : p.getSchema().getFormat();
            if (format.equals("date") || format.equals("date-time")) {
                for (String date : EXTREME_DATES) {
                    String value = format.equals("date") ? date : date + "T10:00:00+07:00";
                    out.add(request(op, path + "?" + p.getName() + "=" + encode(value), "extreme date " + p.getName()
                            + "=" + value, headers(op, null), null).expecting(400));
                }
            }
        }
        if (!op.queryParams().isEmpty()) {
            out.add(request(op, path + "?" + "&".repeat(500) + "=x", "empty query names", headers(op, null), null));
        }
        return out;
    }

    private List<Hostile> headerMutations(Op op) {
        List<Hostile> out = new ArrayList<>();
        String path = path(op, n -> pathValue(op, n));
        byte[] body = op.body() == null ? null : guardedBody(op);
        String contentType = op.mediaType() == null ? null : "Content-Type: " + op.mediaType();
        String goodAuth = "Authorization: Bearer " + key(op);
        Map<String, List<String>> cases = new LinkedHashMap<>();
        cases.put("no Authorization", List.of());
        cases.put("Bearer without key", List.of("Authorization: Bearer"));
        cases.put("Basic scheme", List.of("Authorization: Basic dXNlcjpwYXNz"));
        cases.put("unknown key", List.of("Authorization: Bearer not-a-key-0123456789abcdef"));
        cases.put("huge key", List.of("Authorization: Bearer " + "A".repeat(12_000)));
        cases.put("injection key", List.of("Authorization: Bearer ' OR '1'='1' --"));
        cases.put("duplicate Authorization, bad first", List.of("Authorization: Bearer nope", goodAuth));
        cases.put("duplicate Authorization, good first", List.of(goodAuth, "Authorization: Bearer nope"));
        cases.put("Accept XML", List.of(goodAuth, "Accept: application/xml"));
        cases.put("Accept CSV", List.of(goodAuth, "Accept: text/csv"));
        cases.put("Accept garbage", List.of(goodAuth, "Accept: ;;;/;q=abc"));
        cases.put("many headers", java.util.stream.Stream.concat(java.util.stream.Stream.of(goodAuth),
                java.util.stream.IntStream.range(0, 80).mapToObj(i -> "X-Junk-" + i + ": " + "j".repeat(100))).toList());
        cases.forEach((label, lines) -> {
            List<byte[]> headers = new ArrayList<>();
            lines.forEach(l -> headers.add(l.getBytes(StandardCharsets.ISO_8859_1)));
            if (contentType != null) {
                headers.add(contentType.getBytes(StandardCharsets.US_ASCII));
            }
            out.add(new Hostile(label, op, op.method(), path.getBytes(StandardCharsets.UTF_8), headers, body));
        });
        List<byte[]> invalidBytes = new ArrayList<>(List.of(concat("Authorization: Bearer ".getBytes(StandardCharsets.US_ASCII),
                new byte[] { (byte) 0xC3, 0x28, (byte) 0xFF })));
        if (contentType != null) {
            invalidBytes.add(contentType.getBytes(StandardCharsets.US_ASCII));
        }
        out.add(new Hostile("invalid UTF-8 key", op, op.method(), path.getBytes(StandardCharsets.UTF_8), invalidBytes, body));
        for (String method : List.of("PATCH", "PUT", "DELETE")) {
            if (!method.equals(op.method())) {
                out.add(new Hostile(method + " instead of " + op.method(), op, method,
                        path.getBytes(StandardCharsets.UTF_8), headers(op, null), null));
            }
        }
        return out;
    }

    /** Requests the HTTP layer itself must refuse cleanly. */
    private List<Hostile> transportMutations(List<Op> ops) {
        List<Hostile> out = new ArrayList<>();
        for (String path : List.of("/api/v1/../../../../etc/passwd", "/api/v1/%2e%2e/%2e%2e/etc/passwd",
                "/api/v1/campaigns/..%2F..%2F..%2Fetc%2Fpasswd", "/api//v1///campaigns", "/api/v1/campaigns/%00",
                "/api/v1/campaigns/%C3%28", "/api/v1/no-such-thing", "/api/v1/admin", "/api/v1/admin/reconcile/..",
                "/.env", "/WEB-INF/web.xml", "/q/dev", "/api/v1/campaigns;jsessionid=x")) {
            out.add(new Hostile("path " + path, null, "GET", path.getBytes(StandardCharsets.UTF_8),
                    List.of(("Authorization: Bearer " + ADMIN_KEY).getBytes(StandardCharsets.US_ASCII)), null));
        }
        List<byte[]> admin = List.of(("Authorization: Bearer " + ADMIN_KEY).getBytes(StandardCharsets.US_ASCII));
        out.add(new Hostile("request line over 4 KiB", null, "GET",
                ("/api/v1/campaigns/" + "x".repeat(10_000)).getBytes(StandardCharsets.US_ASCII), admin, null));
        out.add(new Hostile("query over 4 KiB", null, "GET",
                ("/api/v1/transactions?campaign=" + "x".repeat(10_000)).getBytes(StandardCharsets.US_ASCII), admin, null));
        out.add(new Hostile("header over 20 KiB", null, "GET", "/api/v1/campaigns".getBytes(StandardCharsets.US_ASCII),
                List.of(("Authorization: Bearer " + "A".repeat(30_000)).getBytes(StandardCharsets.US_ASCII)), null));
        out.add(new Hostile("raw invalid UTF-8 path", null, "GET",
                concat("/api/v1/campaigns/".getBytes(StandardCharsets.US_ASCII), new byte[] { (byte) 0xC3, 0x28, (byte) 0xFF }),
                List.of(("Authorization: Bearer " + ADMIN_KEY).getBytes(StandardCharsets.US_ASCII)), null));
        return out;
    }

    // ---- request building -------------------------------------------------------------------

    private byte[] guardedBody(Op op) {
        if (!"application/json".equals(op.mediaType())) {
            return "externalRef,campaign\ncsv-2,NOPE_GUARD\n".getBytes(StandardCharsets.UTF_8);
        }
        return baseBody(op).toString().getBytes(StandardCharsets.UTF_8);
    }

    private Hostile jsonRequest(Op op, String path, String label, String body) {
        return request(op, path, label, headers(op, "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    private static Hostile request(Op op, String path, String label, List<byte[]> headers, byte[] body) {
        return new Hostile(label, op, op.method(), path.getBytes(StandardCharsets.UTF_8), headers, body);
    }

    private List<byte[]> headers(Op op, String contentType) {
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

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String hex(byte[] bytes) {
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
