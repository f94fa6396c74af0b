package id.campaignledger.operations;

import static id.campaignledger.operations.Management.management;
import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.invalid;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.post;
import static id.campaignledger.support.Fixtures.sale;
import static id.campaignledger.support.Fixtures.umkm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The monitoring in k8s/ means something: every metric an alert or the Grafana dashboard names is
 * one the running service exports (scraped from its management port after the API was used) or
 * one CloudNativePG's exporter publishes (a listed set, with its source), and every alert has a
 * runbook entry in docs/operations.md.
 */
@QuarkusTest
class MonitoringTest {

    private static final Path RULES = Path.of("k8s/components/monitoring/prometheusrule.yaml");
    private static final Path DASHBOARD = Path.of("k8s/components/monitoring/dashboard.json");
    private static final Path RUNBOOK = Path.of("docs/operations.md");
    private static final Path CNPG_METRICS = Path.of("src/test/resources/operations/cloudnative-pg-exporter-metrics.txt");

    /** PromQL functions, aggregations and keywords: every other identifier in an expression is a metric. */
    private static final Set<String> PROMQL = Set.of("sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk",
            "bottomk", "quantile", "group", "rate", "irate", "increase", "delta", "idelta", "changes", "resets",
            "histogram_quantile", "clamp_min", "clamp_max", "clamp", "abs", "absent", "absent_over_time", "time",
            "vector", "scalar", "timestamp", "max_over_time", "min_over_time", "avg_over_time", "sum_over_time",
            "count_over_time", "last_over_time", "label_replace", "by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan", "e");

    @Inject
    ScheduledReconcile reconcile;

    /** Every expression of the alerts (by alert name) and the dashboard (by panel title). */
    private static Map<String, String> expressions() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        for (JsonNode group : rules.path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                out.put("alert " + rule.path("alert").asText(rule.path("record").asText()), rule.path("expr").asText());
            }
        }
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            int i = 0;
            for (JsonNode target : panel.path("targets")) {
                out.put("panel '" + panel.path("title").asText() + "' #" + i++, target.path("expr").asText());
            }
        }
        return out;
    }

    /** The metric names a PromQL expression reads. */
    static Set<String> metricsIn(String expr) {
        String bare = expr
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")          // strings (label values)
                .replaceAll("\\{[^}]*\\}", " ")                             // label matchers
                .replaceAll("\\[[^\\]]*\\]", " ")                           // ranges and subqueries
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " "); // label lists
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
        while (m.find()) {
            String token = m.group();
            int before = m.start() - 1;
            boolean partOfNumber = before >= 0 && (Character.isDigit(bare.charAt(before)) || bare.charAt(before) == '.');
            if (!PROMQL.contains(token.toLowerCase()) && !partOfNumber) {
                names.add(token);
            }
        }
        return names;
    }

    /** Names of the series the running service exports, after a bit of everything was done through the API. */
    private Set<String> exportedByTheService() {
        String partner = newPartnerKey("PARTNER");
        String campaign = campaign();
        String umkmId = umkm("36.02");
        String sale = post(partner, sale("mon-1", campaign, umkmId, "1500.00"));
        as(partner).body(Map.of("externalRef", "mon-1-rev", "amount", "100.00", "reason", "returned"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201);
        as(partner).body(Map.of("items", List.of(sale("mon-2", campaign, umkmId, "10.00"))))
                .post("/api/v1/transactions/batch").then().statusCode(200);
        Map<String, Object> beforeTheCampaign = new java.util.HashMap<>(sale("mon-3", campaign, umkmId, "10.00"));
        beforeTheCampaign.put("occurredAt", "2019-06-01T10:00:00+07:00"); // a ledger rule refuses it: 422
        invalid().header("Authorization", "Bearer " + partner).contentType("application/json")
                .body(beforeTheCampaign).post("/api/v1/transactions").then().statusCode(422);
        String limited = rateLimitProbeKey();
        int refused = 0;
        for (int i = 0; i < 8; i++) {
            refused += as(limited).get("/api/v1/transactions").statusCode() == 429 ? 1 : 0;
        }
        assertTrue(refused > 0, "the probe partner was never rate limited");
        reconcile.runNow();

        String text = management().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    /** A key of the partner whose rate limit the test profile keeps tiny (this test's own). */
    private static String rateLimitProbeKey() {
        String code = "monitoring-probe";
        int created = asAdmin().body(Map.of("code", code, "name", "Rate limit probe", "kind", "OTHER",
                "roles", List.of("VIEWER", "PARTNER"))).post("/api/v1/partners").statusCode();
        if (created != 201 && created != 409) {
            throw new AssertionError("could not create the probe partner: " + created);
        }
        return asAdmin().post("/api/v1/partners/" + code + "/keys").then().statusCode(201).extract().path("apiKey");
    }

    private static Set<String> exportedByCloudNativePg() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(CNPG_METRICS)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.strip());
            }
        }
        return names;
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardNameIsExported() throws IOException {
        Set<String> exported = new TreeSet<>(exportedByTheService());
        for (String name : List.of("ledger_rate_limited_total", "ledger_reconcile_differences",
                "ledger_partner_requests_total", "ledger_problems_total", "http_server_requests_seconds_bucket")) {
            assertTrue(exported.contains(name), name + " is not exported");
        }
        exported.addAll(exportedByCloudNativePg());

        Map<String, String> expressions = expressions();
        assertTrue(expressions.size() > 20, "the alerts and the dashboard were not read");
        List<String> unknown = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        expressions.forEach((where, expr) -> {
            Set<String> names = metricsIn(expr);
            if (names.isEmpty()) {
                unknown.add(where + " reads no metric");
            }
            used.addAll(names);
            names.stream().filter(n -> !exported.contains(n)).forEach(n -> unknown.add(where + ": " + n));
        });
        assertEquals(List.of(), unknown, "metrics named in k8s/components/monitoring that nothing exports");
        assertTrue(used.contains("cnpg_pg_replication_lag") && used.contains("ledger_rate_limited_total"));
    }

    @Test
    void theMetricExtractionFindsMisspelledNamesAndIgnoresLabelsAndFunctions() {
        assertEquals(Set.of("http_server_requests_seconds_bucket"), metricsIn(
                "histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket{status=~\"5..\"}[5m]))) > 1e3"));
        assertEquals(Set.of("a_metric", "b_metric"), metricsIn("time() - max(a_metric) > 3 * 3600 or on(pod) b_metric"));
        assertEquals(Set.of("agroal_activ_count"), metricsIn("max by (pod) (agroal_activ_count{x=\"y\"}) > 0"));
    }

    @Test
    void everyAlertHasARunbookEntry() throws IOException {
        String runbook = Files.readString(RUNBOOK);
        Set<String> headings = new TreeSet<>();
        Matcher h = Pattern.compile("(?m)^#{2,4} (\\S+)\\s*$").matcher(runbook);
        while (h.find()) {
            headings.add(h.group(1));
        }
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        List<String> missing = new ArrayList<>();
        int alerts = 0;
        for (JsonNode group : rules.path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText("");
                if (alert.isEmpty()) {
                    continue;
                }
                alerts++;
                if (!headings.contains(alert)) {
                    missing.add(alert + ": no heading '### " + alert + "' in " + RUNBOOK);
                }
                String link = rule.path("annotations").path("runbook_url").asText();
                if (!link.equals("docs/operations.md#" + alert.toLowerCase())) {
                    missing.add(alert + ": runbook_url " + link + " does not point at its heading");
                }
            }
        }
        assertTrue(alerts >= 10, "the alerts were not read");
        assertEquals(List.of(), missing);
        assertFalse(runbook.isBlank());
    }
}
