package id.campaignledger.replica;

import static id.campaignledger.operations.Management.management;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.post;
import static id.campaignledger.support.Fixtures.sale;
import static id.campaignledger.support.Fixtures.umkm;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Read answers against a real streaming replica: served by the replica with its lag in a header
 * while it keeps up, by the primary once replay is paused beyond the maximum lag or the replica
 * is stopped, and by the replica again when it recovers. Lag is wall-clock time on a real
 * replica, so the test waits for the condition (bounded), not for a fixed time.
 */
@QuarkusTest
@TestProfile(StreamingReplicaProfile.class)
class ReplicaReadsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    ReplicaProbe probe;

    private String partner;
    private String campaign;
    private String umkmId;

    @BeforeEach
    void campaignWithOneSale() {
        partner = newPartnerKey("PARTNER");
        campaign = campaign();
        umkmId = umkm("36.02");
        post(partner, sale("r-1", campaign, umkmId, "100.00"));
    }

    @AfterEach
    void replicaStreamingAgain() {
        StreamingReplica.script("start");
        StreamingReplica.script("resume");
    }

    private Response progress() {
        return asAdmin().get("/api/v1/campaigns/" + campaign + "/progress").then().statusCode(200).extract().response();
    }

    private static String total(Response r) {
        return r.path("totals.amountIdr");
    }

    /** Reads progress until the answer satisfies the condition, for at most PATIENCE. */
    private Response progressUntil(String what, Predicate<Response> condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        Response last;
        do {
            probe.probe();
            last = progress();
            if (condition.test(last)) {
                return last;
            }
            Thread.onSpinWait();
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("no " + what + " within " + PATIENCE + "; last headers: " + last.headers());
    }

    private static boolean from(Response r, String source) {
        return source.equals(r.header(ReplicaHeaders.READ_FROM));
    }

    /** The lag header in milliseconds, or -1 when the answer carries none. */
    private static long lagMillis(Response r) {
        String lag = r.header(ReplicaHeaders.REPLICA_LAG);
        return lag == null ? -1 : Long.parseLong(lag);
    }

    @Test
    void readsComeFromTheReplicaWithItsLagInAHeader() {
        Response r = progressUntil("replica read with the sale", x -> from(x, "replica") && "100.00".equals(total(x)));
        assertNotNull(r.header(ReplicaHeaders.REPLICA_LAG));
        assertTrue(Long.parseLong(r.header(ReplicaHeaders.REPLICA_LAG)) <= 3000);
        asAdmin().get("/api/v1/campaigns/" + campaign + "/breakdown?by=regency").then().statusCode(200)
                .header(ReplicaHeaders.READ_FROM, "replica");
        asAdmin().get("/api/v1/umkm/stats").then().statusCode(200).header(ReplicaHeaders.READ_FROM, "replica");
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("ledger_replica_up 1.0"), "ledger_replica_up gauge");
        assertTrue(metrics.contains("ledger_replica_lag_seconds"), "ledger_replica_lag_seconds gauge");
    }

    @Test
    void aReplicaPausedBeyondTheMaximumLagIsPassedOverForThePrimary() {
        progressUntil("replica read with the first sale", x -> from(x, "replica") && "100.00".equals(total(x)));
        StreamingReplica.script("pause-replay");
        post(partner, sale("r-2", campaign, umkmId, "50.00"));

        // Within the maximum lag the replica still answers, without the sale it has not replayed.
        Response stale = progress();
        if (from(stale, "replica")) {
            assertEquals("100.00", total(stale));
        }
        // A primary read can also come from a measurement that went stale on a busy machine (its lag
        // header then still shows a lag within the maximum); wait for the one that lag itself decides.
        Response fresh = progressUntil("primary read once the lag passed " + StreamingReplica.MAX_LAG,
                x -> from(x, "primary") && lagMillis(x) > 3000);
        assertEquals("150.00", total(fresh));
        // Beyond the maximum by any amount, as the header (whole milliseconds rounded up) says: a lag
        // of 3000.4 ms reads 3001 there but 3000 in truncated milliseconds.
        assertTrue(probe.state().lag().orElseThrow().compareTo(Duration.ofMillis(3000)) > 0);

        StreamingReplica.script("resume");
        Response caughtUp = progressUntil("replica read after replay resumed", x -> from(x, "replica"));
        assertEquals("150.00", total(caughtUp));
    }

    @Test
    void aStoppedReplicaIsPassedOverForThePrimary() {
        progressUntil("replica read", x -> from(x, "replica"));
        StreamingReplica.script("stop");
        post(partner, sale("r-3", campaign, umkmId, "25.00"));

        // The first read after the stop may find it down itself; either way the primary answers.
        Response r = progress();
        assertEquals("primary", r.header(ReplicaHeaders.READ_FROM));
        assertEquals("125.00", total(r));
        assertNull(r.header(ReplicaHeaders.REPLICA_LAG), "no lag while the replica cannot be measured");
        assertTrue(management().get("/q/metrics").then().extract().asString().contains("ledger_replica_up 0.0"));
        management().get("/q/health/ready").then().statusCode(200);

        StreamingReplica.script("start");
        Response back = progressUntil("replica read after the restart", x -> from(x, "replica"));
        assertEquals("125.00", total(back));
    }
}
