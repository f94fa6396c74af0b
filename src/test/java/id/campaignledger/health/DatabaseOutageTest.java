package id.campaignledger.health;

import static id.campaignledger.operations.Management.management;
import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.sale;
import static id.campaignledger.support.Fixtures.umkm;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import id.campaignledger.embedded.EmbeddedPostgres;
import id.campaignledger.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Stops the real PostgreSQL server under the running service and starts it again: readiness
 * goes DOWN within 5 s, reads and writes answer 503 with Retry-After within 2 s each, and the
 * service recovers by itself. It needs the embedded server of the suite (the run without
 * QUARKUS_DATASOURCE_JDBC_URL in .ci/run); against a shared server it is skipped.
 */
@QuarkusTest
class DatabaseOutageTest {

    @Test
    void withTheDatabaseStoppedTheServiceAnswers503FastAndRecoversWhenItReturns() {
        EmbeddedPostgres postgres = TestDatabase.embedded();
        assumeTrue(postgres != null, "needs the embedded database, which this test may stop");
        String partner = newPartnerKey("PARTNER");
        String campaign = campaign();
        String umkmId = umkm("36.02");
        management().get("/q/health/ready").then().statusCode(200);

        postgres.stop();
        try {
            long stoppedAt = System.nanoTime();
            while (management().get("/q/health/ready").statusCode() != 503) {
                assertTrue(elapsed(stoppedAt).compareTo(Duration.ofSeconds(5)) < 0, "readiness still UP after 5 s");
            }
            assertTrue(elapsed(stoppedAt).compareTo(Duration.ofSeconds(5)) < 0, "readiness went DOWN after 5 s");
            management().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));

            // Several rounds: the pool must not end up hanging once its connections are gone.
            for (int round = 0; round < 3; round++) {
                unavailableWithin2s(() -> asAdmin().get("/api/v1/partners"));
                unavailableWithin2s(() -> as(partner).get("/api/v1/umkm/stats"));
                String ref = "outage-" + round;
                unavailableWithin2s(() -> as(partner).body(sale(ref, campaign, umkmId, "10"))
                        .post("/api/v1/transactions"));
            }
        } finally {
            postgres.restart();
        }

        long restartedAt = System.nanoTime();
        while (management().get("/q/health/ready").statusCode() != 200) {
            assertTrue(elapsed(restartedAt).compareTo(Duration.ofSeconds(30)) < 0,
                    "readiness did not come back within 30 s");
            sleep();
        }
        asAdmin().get("/api/v1/partners").then().statusCode(200);
        as(partner).body(sale("after-outage", campaign, umkmId, "10")).post("/api/v1/transactions")
                .then().statusCode(201);
    }

    private static void unavailableWithin2s(Supplier<Response> request) {
        long start = System.nanoTime();
        Response response = request.get();
        Duration took = elapsed(start);
        response.then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("5"))
                .body("type", equalTo("urn:campaign-ledger:problem:service-unavailable"))
                .body("requestId", notNullValue());
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "a 503 took " + took.toMillis() + " ms");
    }

    private static Duration elapsed(long since) {
        return Duration.ofNanos(System.nanoTime() - since);
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
