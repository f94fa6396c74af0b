package id.campaignledger.common;

import static id.campaignledger.common.HostileRequests.EXTREME_DATES;
import static id.campaignledger.common.HostileRequests.HOSTILE_STRINGS;
import static id.campaignledger.common.HostileRequests.abbreviate;
import static id.campaignledger.common.HostileRequests.concat;
import static id.campaignledger.common.HostileRequests.encode;
import static id.campaignledger.common.HostileRequests.request;
import static id.campaignledger.support.Api.ADMIN_KEY;

import id.campaignledger.common.HostileRequests.Hostile;
import id.campaignledger.common.HostileRequests.Op;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mutations of an operation's path values, query, headers and method, and requests the HTTP layer must refuse. */
final class HostileUrlsAndHeaders {

    private final HostileRequests requests;

    HostileUrlsAndHeaders(HostileRequests requests) {
        this.requests = requests;
    }

    List<Hostile> pathMutations(Op op) {
        List<Hostile> out = new ArrayList<>();
        byte[] body = op.body() == null ? null : requests.guardedBody(op);
        for (Parameter p : op.pathParams()) {
            List<String> values = new ArrayList<>(HOSTILE_STRINGS);
            values.addAll(List.of("..", ".", "%2e%2e", "..%2F..%2F", "0", "-1"));
            for (String value : values) {
                String encoded = value.startsWith("%") || value.startsWith("..%") ? value : encode(value);
                String path = requests.path(op, n -> n.equals(p.getName()) ? encoded : requests.pathValue(op, n));
                out.add(request(op, path, p.getName() + "=" + abbreviate(value), requests.headers(op, op.mediaType()), body));
            }
        }
        return out;
    }

    List<Hostile> queryMutations(Op op) {
        List<Hostile> out = new ArrayList<>();
        String path = requests.path(op, n -> requests.pathValue(op, n));
        for (Parameter p : op.queryParams()) {
            List<String> values = new ArrayList<>(HOSTILE_STRINGS);
            values.addAll(List.of("0", "-1", "2147483648", "1e3", "2023-13-45", "2023-01-01T00:00:00"));
            for (String value : values) {
                out.add(request(op, path + "?" + p.getName() + "=" + encode(value), p.getName() + "=" + abbreviate(value),
                        requests.headers(op, null), null));
            }
            out.add(request(op, path + "?" + p.getName() + "=1&" + p.getName() + "=2", p.getName() + " twice",
                    requests.headers(op, null), null));
            out.add(request(op, path + "?" + p.getName() + "=%C3%28%FF", p.getName() + " invalid UTF-8",
                    requests.headers(op, null), null));
            String format = p.getSchema() == null || p.getSchema().getFormat() == null ? "" : p.getSchema().getFormat();
            if (format.equals("date") || format.equals("date-time")) {
                for (String date : EXTREME_DATES) {
                    String value = format.equals("date") ? date : date + "T10:00:00+07:00";
                    out.add(request(op, path + "?" + p.getName() + "=" + encode(value), "extreme date " + p.getName()
                            + "=" + value, requests.headers(op, null), null).expecting(400));
                }
            }
        }
        if (!op.queryParams().isEmpty()) {
            out.add(request(op, path + "?" + "&".repeat(500) + "=x", "empty query names", requests.headers(op, null), null));
        }
        return out;
    }

    List<Hostile> headerMutations(Op op) {
        List<Hostile> out = new ArrayList<>();
        String path = requests.path(op, n -> requests.pathValue(op, n));
        byte[] body = op.body() == null ? null : requests.guardedBody(op);
        String contentType = op.mediaType() == null ? null : "Content-Type: " + op.mediaType();
        String goodAuth = "Authorization: Bearer " + requests.key(op);
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
        // Another method on the same path may be another operation (DELETE of a subscription that a
        // read names), so these name rows that do not exist: a wrong method changes nothing either way.
        String missing = requests.path(op, requests::missingValue);
        for (String method : List.of("PATCH", "PUT", "DELETE")) {
            if (!method.equals(op.method())) {
                out.add(new Hostile(method + " instead of " + op.method(), op, method,
                        missing.getBytes(StandardCharsets.UTF_8), requests.headers(op, null), null));
            }
        }
        return out;
    }

    /** Requests the HTTP layer itself must refuse cleanly. */
    List<Hostile> transportMutations(List<Op> ops) {
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
}
