package id.campaignledger.common;

import static id.campaignledger.common.HostileRequests.EXTREME_DATES;
import static id.campaignledger.common.HostileRequests.HOSTILE_STRINGS;
import static id.campaignledger.common.HostileRequests.JSON;
import static id.campaignledger.common.HostileRequests.RAW;
import static id.campaignledger.common.HostileRequests.abbreviate;
import static id.campaignledger.common.HostileRequests.concat;
import static id.campaignledger.common.HostileRequests.hex;
import static id.campaignledger.common.HostileRequests.quote;
import static id.campaignledger.common.HostileRequests.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import id.campaignledger.common.HostileRequests.Hostile;
import id.campaignledger.common.HostileRequests.Op;
import io.swagger.v3.oas.models.media.Schema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Mutations of an operation's JSON or CSV body: per field, the whole document, its bytes and its media type. */
final class HostileBodies {

    private final HostileRequests requests;

    HostileBodies(HostileRequests requests) {
        this.requests = requests;
    }

    /** Text that reads differently on different screens, or not at all: refused in names and reasons. */
    private static final List<String> UNREADABLE_TEXT = List.of("\u202Eexe.txt", "abc\u2066def", "\u200B\u200B",
            "\u200D", "\u2060\uFEFF", "bell\u0007", "line\nbreak", "tab\tin\tname", "esc\u001B[31m");

    List<Hostile> bodyMutations(Op op) {
        List<Hostile> out = new ArrayList<>();
        if (op.body() == null) {
            return out;
        }
        if (!op.mediaType().equals("application/json")) {
            return csvMutations(op);
        }
        ObjectNode base = requests.baseBody(op);
        String path = requests.path(op, n -> requests.pathValue(op, n));
        if (op.id().equals("postTransactionBatch")) {
            Schema<?> item = op.body().getProperties().get("items").getItems();
            for (Map.Entry<String, String> m : fieldMutations(item, (ObjectNode) base.get("items").get(0))) {
                out.add(requests.jsonRequest(op, path, "items[0]." + m.getKey(), "{\"items\":[" + m.getValue() + "]}"));
            }
            List<String> items = List.of("[]", "[null]", "[1,\"x\",[],true]", "{}", "\"x\"",
                    "[" + String.join(",", java.util.Collections.nCopies(1_001, requests.transaction().toString())) + "]");
            for (String i : items) {
                out.add(requests.jsonRequest(op, path, "items=" + abbreviate(i), "{\"items\":" + i + "}"));
            }
        } else {
            for (Map.Entry<String, String> m : fieldMutations(op.body(), base)) {
                out.add(requests.jsonRequest(op, path, m.getKey(), m.getValue()));
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
        whole.forEach((label, body) -> out.add(requests.jsonRequest(op, path, label, body)));
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
        ambiguous.forEach((label, body) -> out.add(requests.jsonRequest(op, path, label, body).expecting(400)));
        if (!op.id().equals("postTransactionBatch")) {
            for (Map.Entry<String, String> m : strictFieldMutations(op.body(), base)) {
                out.add(requests.jsonRequest(op, path, m.getKey(), m.getValue()).expecting(400));
            }
        } else {
            Schema<?> item = op.body().getProperties().get("items").getItems();
            ObjectNode first = (ObjectNode) base.get("items").get(0);
            for (Map.Entry<String, String> m : strictFieldMutations(item, first)) {
                // Items are read one by one, so a bad one is rejected in the batch result: never created.
                out.add(requests.jsonRequest(op, path, "items[0]." + m.getKey(), "{\"items\":[" + m.getValue() + "]}"));
            }
        }

        byte[] utf8 = valid.getBytes(StandardCharsets.UTF_8);
        int quote = valid.indexOf(":\"") + 2;
        for (byte[] bad : List.of(new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF, (byte) 0xFE },
                new byte[] { (byte) 0xC0, (byte) 0xAF }, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
                new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, new byte[] { 0 })) {
            out.add(request(op, path, "invalid UTF-8 " + hex(bad), requests.headers(op, "application/json"),
                    concat(java.util.Arrays.copyOf(utf8, quote), bad, java.util.Arrays.copyOfRange(utf8, quote,
                            utf8.length))));
        }
        out.add(request(op, path, "UTF-16 body", requests.headers(op, "application/json"), valid.getBytes(StandardCharsets.UTF_16LE)));
        out.add(request(op, path, "byte order mark", requests.headers(op, "application/json"),
                concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, utf8)));
        for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1", "application/json; charset=utf-7",
                "garbage", "application/json, application/xml", "application/octet-stream", "text/csv")) {
            out.add(request(op, path, "Content-Type " + contentType, requests.headers(op, contentType), utf8));
        }
        out.add(request(op, path, "no Content-Type", requests.headers(op, null), utf8).expecting(415));
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

    List<Hostile> csvMutations(Op op) {
        String header = "externalRef,campaign,umkmId,nib,amount,currency,fxRateToIdr,channel,occurredAt,metadata\n";
        String row = "csv-1,NOPE_GUARD," + requests.existing.get("umkmId") + ",,100.00,IDR,,QRIS,2023-06-01T10:00:00+07:00,\n";
        String path = requests.path(op, n -> requests.pathValue(op, n));
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
        bodies.put("JSON instead", requests.transaction().toString().getBytes(StandardCharsets.UTF_8));
        bodies.put("amount with three decimals", (header + row.replace("100.00", "100.001")).getBytes(StandardCharsets.UTF_8));
        bodies.put("bare CR line ends", (header + row).replace('\n', '\r').getBytes(StandardCharsets.UTF_8));
        List<Hostile> out = new ArrayList<>();
        bodies.forEach((label, body) -> out.add(request(op, path, "csv " + label, requests.headers(op, op.mediaType()), body)));
        for (String contentType : List.of("application/json", "application/xml", "garbage")) {
            out.add(request(op, path, "csv as " + contentType, requests.headers(op, contentType), bodies.get("guarded row")));
        }
        return out;
    }
}
