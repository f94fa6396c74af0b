package id.campaignledger.ledger;

import static id.campaignledger.operations.Management.management;
import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.invalid;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.post;
import static id.campaignledger.support.Fixtures.sale;
import static id.campaignledger.support.Fixtures.umkm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The business counters at /q/metrics (management port) move with what was committed, labelled by campaign and channel. */
@QuarkusTest
class LedgerMetricsTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{([^}]*)\\} (\\S+)$");

    private String partner;
    private String campaign;
    private String umkmId;

    @BeforeEach
    void partnerCampaignAndUmkm() {
        partner = newPartnerKey("PARTNER");
        campaign = campaign();
        umkmId = umkm("36.02");
    }

    /** The value of the series with these labels (among others), 0 when it does not exist yet. */
    private static double metric(String name, Map<String, String> labels) {
        String text = management().get("/q/metrics").then().statusCode(200).extract().asString();
        double total = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name)
                    && labels.entrySet().stream().allMatch(e -> m.group(2).contains(e.getKey() + "=\"" + e.getValue()
                            + "\""))) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }

    private double entries(String outcome) {
        return metric("ledger_entries_total", Map.of("campaign", campaign, "channel", "QRIS", "outcome", outcome));
    }

    @Test
    void createdReplayedAndConflictingPostsAreCountedWithTheIdrPosted() {
        post(partner, sale("m-1", campaign, umkmId, "1000.50"));
        as(partner).body(sale("m-1", campaign, umkmId, "1000.50")).post("/api/v1/transactions")
                .then().statusCode(200);
        as(partner).body(sale("m-1", campaign, umkmId, "999")).post("/api/v1/transactions")
                .then().statusCode(409);

        assertEquals(1, entries("created"));
        assertEquals(1, entries("replayed"));
        assertEquals(1, entries("rejected"), "a refusal is counted though its transaction rolled back");
        assertEquals(1000.50, metric("ledger_amount_idr_total", Map.of("campaign", campaign, "channel", "QRIS")));
        assertEquals(1, metric("ledger_idempotency_conflicts_total", Map.of("campaign", campaign)));

        post(partner, sale("m-2", campaign, umkmId, "10"));
        assertEquals(2, entries("created"));
        assertEquals(1010.50, metric("ledger_amount_idr_total", Map.of("campaign", campaign, "channel", "QRIS")));
    }

    @Test
    void anUnknownCampaignIsNeverALabel() {
        String invented = "NOPE" + System.nanoTime();
        as(partner).body(sale("m-unknown", invented, umkmId, "5")).post("/api/v1/transactions")
                .then().statusCode(422);
        String text = management().get("/q/metrics").then().extract().asString();
        assertFalse(text.contains(invented), "a campaign code that does not exist became a label");
    }

    @Test
    void batchesCountTheirItemsAndTheirSize() {
        double batches = metric("ledger_batch_size_count", Map.of("source", "batch"));
        double items = metric("ledger_batch_size_sum", Map.of("source", "batch"));
        Map<String, Object> bad = sale("b-3", campaign, umkmId, "-1");
        invalid().header("Authorization", "Bearer " + partner).contentType("application/json")
                .body(Map.of("items", List.of(sale("b-1", campaign, umkmId, "1"), sale("b-2", campaign, umkmId, "2"),
                        bad)))
                .post("/api/v1/transactions/batch").then().statusCode(200);
        assertEquals(2, entries("created"));
        assertEquals(batches + 1, metric("ledger_batch_size_count", Map.of("source", "batch")));
        assertEquals(items + 3, metric("ledger_batch_size_sum", Map.of("source", "batch")));
    }

    @Test
    void reversalsAreCountedWithTheIdrTakenBack() {
        String sale = post(partner, sale("m-r", campaign, umkmId, "300"));
        Map<String, String> body = Map.of("externalRef", "m-r-rev", "amount", "120.25", "reason", "returned");
        as(partner).body(body).post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201);
        as(partner).body(body).post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(200);
        Map<String, String> labels = Map.of("campaign", campaign, "channel", "QRIS");
        assertEquals(1, metric("ledger_reversals_total", Map.of("campaign", campaign, "outcome", "created")));
        assertEquals(1, metric("ledger_reversals_total", Map.of("campaign", campaign, "outcome", "replayed")));
        assertEquals(120.25, metric("ledger_reversed_amount_idr_total", labels));
    }

    @Test
    void httpAndConnectionPoolMetricsArePresent() {
        String text = management().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of("http_server_requests_seconds_count", "agroal_active_count",
                "agroal_available_count", "agroal_awaiting_count")) {
            assertFalse(!text.contains(name), name + " is missing");
        }
    }
}
