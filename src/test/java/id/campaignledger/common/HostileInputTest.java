package id.campaignledger.common;

import id.campaignledger.common.HostileRequests.Hostile;
import id.campaignledger.common.HostileRequests.Op;
import static id.campaignledger.support.Api.ADMIN_KEY;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.campaignledger.attest.Sealer;
import id.campaignledger.support.Api;
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
 * A generator driven by openapi.yaml ({@link HostileRequests}) sends well over a thousand invalid
 * requests to every operation: wrong types, missing and extra fields, boundary numbers, huge and
 * deeply nested bodies, invalid UTF-8, lying or missing headers, traversal and injection strings
 * in path and query. None may answer 5xx, every 4xx is a problem detail, and no row of any table
 * changes: every table of the schema is compared, the totals tables included.
 *
 * <p>Write requests carry a guard that keeps them from ever being valid as a whole: they name a
 * campaign, target, partner or entry that does not exist, or an existing campaign code to create
 * again, so each mutation is the only thing under test and an accidental success shows as a 2xx.
 */
@QuarkusTest
class HostileInputTest {

    @Inject
    AgroalDataSource database;

    @Inject
    Sealer sealer;

    @TestHTTPResource("/")
    URL base;

    @Test
    void invalidRequestsToEveryOperationChangeNothingAndAnswerWithProblems() throws Exception {
        List<Op> ops = HostileRequests.operations();
        HostileRequests generator = prepareExistingRows();
        Map<String, String> before = snapshot(Map.of());
        List<Hostile> requests = generator.all(ops);

        RawHttp http = new RawHttp(base.getPort());
        List<String> failures = new ArrayList<>();
        int failed = 0;
        Map<String, Integer> byOperation = new TreeMap<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Accepted accepted = new Accepted(new ArrayList<>(), new ArrayList<>());
        for (Hostile h : requests) {
            Reply reply = http.send(HostileRequests.requestLine(h), h.headers().toArray(byte[][]::new), h.body());
            accepted.note(h, reply);
            byOperation.merge(h.op() == null ? "(transport)" : h.op().id(), 1, Integer::sum);
            byStatus.merge(reply.status(), 1, Integer::sum);
            String problem = check(h, reply);
            if (problem != null) {
                failed++;
            }
            if (problem != null && failures.size() < 40) {
                failures.add(h.label() + " [" + (h.op() == null ? "-" : h.op().id()) + " " + h.method() + " "
                        + HostileRequests.abbreviate(new String(h.target(), StandardCharsets.ISO_8859_1)) + "]: " + problem);
            }
        }
        settleBackgroundWork(); // the accepted import jobs worked through: their lines all rejected
        Map<String, String> after = snapshot(accepted.rowsTheyWrote());

        System.out.printf("Hostile input: %d invalid requests across %d operations; statuses %s%n", requests.size(),
                ops.size(), byStatus);
        System.out.println("Hostile input per operation: " + byOperation);
        assertTrue(failures.isEmpty(), failed + " unacceptable replies, the first of them:\n" + String.join("\n", failures));
        assertEquals(before, after, "no row may change");
        assertTrue(requests.size() >= 1_000, "at least 1,000 requests, got " + requests.size());
        for (Op op : ops) {
            assertTrue(byOperation.getOrDefault(op.id(), 0) >= 5, "operation " + op.id() + " barely exercised");
        }
    }

    /** Null when the reply is acceptable, otherwise what is wrong with it. */
    private static String check(Hostile h, Reply reply) {
        int status = reply.status();
        if (h.expect() != 0 && status != h.expect()) {
            return "expected " + h.expect() + ", answered " + status + ": " + HostileRequests.abbreviate(reply.text());
        }
        if (h.label().contains("extreme date") && reply.text().contains("cannot be stored")) {
            return "an out-of-range date needs a true detail: " + HostileRequests.abbreviate(reply.text());
        }
        if (status >= 500) {
            return "answered " + status + ": " + HostileRequests.abbreviate(reply.text());
        }
        if (status >= 400) {
            if (h.op() == null && (status == 414 || status == 431) && reply.body().length == 0) {
                return null; // refused by the HTTP layer before any route: a bare status, see docs/reliability.md
            }
            if (status == 406 && reply.body().length == 0) {
                return null; // the contract's answer when Accept rules out every type, problem details included
            }
            String type = reply.header("content-type");
            if (type == null || !type.startsWith("application/problem+json")) {
                return status + " with Content-Type " + type + ": " + HostileRequests.abbreviate(reply.text());
            }
            try {
                JsonNode problem = HostileRequests.JSON.readTree(reply.body());
                if (problem.path("status").asInt() != status || !problem.path("type").isTextual()) {
                    return "problem detail without matching status and type: " + HostileRequests.abbreviate(reply.text());
                }
            } catch (Exception e) {
                return "problem detail is not JSON: " + HostileRequests.abbreviate(reply.text());
            }
            return null;
        }
        if (h.op() != null && !h.op().reads() && !h.op().inputless()) {
            if (status == 201) {
                return "created something: " + HostileRequests.abbreviate(reply.text());
            }
            if (status == 200 && reply.text().contains("\"created\"")) {
                try {
                    if (HostileRequests.JSON.readTree(reply.body()).path("created").asInt() != 0) {
                        return "created items: " + HostileRequests.abbreviate(reply.text());
                    }
                } catch (Exception e) {
                    return "unreadable result: " + HostileRequests.abbreviate(reply.text());
                }
            }
        }
        return null;
    }

    // ---- the contract ------------------------------------------------------------------------

    // ---- rows the requests may name ---------------------------------------------------------

    private HostileRequests prepareExistingRows() {
        String partnerKey = newPartnerKey("PARTNER");
        String campaign = Fixtures.campaign();
        String nib = Fixtures.nib();
        String umkmId = Fixtures.umkm("36.02", nib);
        String entry = Fixtures.post(partnerKey, Fixtures.sale("hostile-1", campaign, umkmId, "100.00"));
        String partnerCode = asAdmin().body(Map.of("code", "hostile-" + UUID.randomUUID().toString().substring(0, 8),
                "name", "Hostile input", "kind", "OTHER", "roles", List.of("VIEWER")))
                .post("/api/v1/partners").then().statusCode(201).extract().path("code");
        String targetId = asAdmin().body(Map.of("metric", "TRANSACTION_VALUE", "amount", "1000.00",
                "periodStart", "2023-01-01", "periodEnd", "2023-12-31"))
                .post("/api/v1/campaigns/" + campaign + "/targets").then().statusCode(201).extract().path("id");
        String checkpoint = asAdmin().post("/api/v1/attestations").then().statusCode(201).extract().path("seq")
                .toString();
        String webhookId = asAdmin().body(Map.of("url", "http://127.0.0.1:9/hostile", "eventTypes",
                List.of("transaction.recorded"))).post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
        String importId = Api.as(partnerKey).contentType("text/csv")
                .body("externalRef,campaign,umkmId,amount,currency,channel,occurredAt\nhostile-imp,NOPE_GUARD," + umkmId
                        + ",1.00,IDR,QRIS,2023-06-01T10:00:00+07:00\n")
                .post("/api/v1/imports").then().statusCode(202).extract().path("id");
        Map<String, String> existing = Map.ofEntries(Map.entry("code", campaign), Map.entry("targetId", targetId),
                Map.entry("umkmId", umkmId), Map.entry("transactionId", entry), Map.entry("partnerCode", partnerCode),
                Map.entry("keyId", UUID.randomUUID().toString()), Map.entry("nib", nib),
                Map.entry("webhookId", webhookId), Map.entry("deliveryId", UUID.randomUUID().toString()),
                Map.entry("importId", importId), Map.entry("regionCode", "36.02.22"),
                Map.entry("seq", checkpoint));
        settleBackgroundWork();
        return new HostileRequests(new Random(20231129L), partnerKey, existing);
    }

    /**
     * Every table is compared, so the work the setup left to background workers is finished first:
     * import jobs worked through, the entries sealed. Nothing the hostile requests do may start more.
     */
    private void settleBackgroundWork() {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            while (true) {
                sealer.sealAll();
                try (ResultSet r = s.executeQuery("select (select count(*) from import_job where state in"
                        + " ('queued', 'running')) + (select count(*) from ledger_seal_queue)")) {
                    r.next();
                    if (r.getLong(1) == 0) {
                        return;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "background work did not finish");
                Thread.sleep(100); // a poll of another thread's progress, not a wait for time to pass
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The requests that were not refused and rightly wrote: signing a checkpoint takes no input, so a
     * request to it that is still well-formed after its mutation signs one (201); an upload that is
     * well-formed CSV is accepted as an import job (202) whose guarded lines the worker then
     * rejects, which the ledger tables show. Their own rows, and only those, are left out of the
     * comparison; a refused request writes nothing anywhere.
     */
    private record Accepted(List<Long> checkpoints, List<UUID> importJobs) {
        void note(Hostile h, Reply reply) throws java.io.IOException {
            if (h.op() == null || reply.status() / 100 != 2 || h.op().reads() || !h.method().equals(h.op().method())) {
                return;
            }
            if (h.op().inputless() && reply.status() == 201) {
                checkpoints.add(HostileRequests.JSON.readTree(reply.body()).path("seq").asLong());
            } else if (h.op().path().equals("/api/v1/imports") && reply.status() == 202) {
                importJobs.add(UUID.fromString(HostileRequests.JSON.readTree(reply.body()).path("id").asText()));
            }
        }

        /** Per table, the condition that leaves these requests' own rows out. */
        Map<String, String> rowsTheyWrote() {
            String seqs = "'{" + String.join(",", checkpoints.stream().map(String::valueOf).toList()) + "}'::bigint[]";
            String jobs = "'{" + String.join(",", importJobs.stream().map(String::valueOf).toList()) + "}'::uuid[]";
            return Map.of("ledger_checkpoint", "seq <> all(" + seqs + ")",
                    "ledger_checkpoint_campaign", "checkpoint_seq <> all(" + seqs + ")",
                    "import_job", "id <> all(" + jobs + ")",
                    "import_chunk", "job_id <> all(" + jobs + ")",
                    "import_rejection", "job_id <> all(" + jobs + ")");
        }
    }

    /** Each table's row count and a digest of its rows, {@code except} the rows a condition names. */
    private Map<String, String> snapshot(Map<String, String> except) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            for (String table : tables(s)) {
                String where = except.containsKey(table) ? " where " + except.get(table) : "";
                try (ResultSet r = s.executeQuery("select count(*) || ':' || md5(coalesce(string_agg(t::text, '|'"
                        + " order by t::text), '')) from " + table + " t" + where)) {
                    r.next();
                    rows.put(table, r.getString(1));
                }
            }
        }
        return rows;
    }
    /** Every table of the schema but Flyway's history, so a table added later is watched too. */
    private static List<String> tables(Statement s) throws java.sql.SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet r = s.executeQuery("select table_name from information_schema.tables"
                + " where table_schema = current_schema() and table_type = 'BASE TABLE'"
                + " and table_name <> 'flyway_schema_history' order by 1")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        assertTrue(tables.containsAll(List.of("ledger_entry", "ledger_daily", "ledger_monthly",
                "ledger_region_monthly", "ledger_umkm", "ledger_checkpoint", "ledger_checkpoint_campaign", "import_job",
                "import_chunk", "import_rejection", "webhook_subscription")), "every table is watched: " + tables);
        return tables;
    }
}
