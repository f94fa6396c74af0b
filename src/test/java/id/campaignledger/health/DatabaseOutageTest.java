package id.campaignledger.health;

import static id.campaignledger.support.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import id.campaignledger.common.db.EmbeddedPostgres;
import id.campaignledger.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stops the real server under the running service and starts it again. */
@QuarkusTest
class DatabaseOutageTest {

    @Test
    void readinessGoesDownWithTheDatabaseAndTheServiceRecoversWhenItReturns() {
        EmbeddedPostgres postgres = TestDatabase.embedded();
        assumeTrue(postgres != null, "needs the embedded database, which this test may stop");
        given().get("/q/health/ready").then().statusCode(200);
        postgres.stop();
        try {
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
            asAdmin().get("/api/v1/partners")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("urn:campaign-ledger:problem:service-unavailable"));
        } finally {
            postgres.restart();
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (given().get("/q/health/ready").statusCode() != 200) {
            assertTrue(Instant.now().isBefore(deadline), "readiness did not come back within 30 s");
            sleep();
        }
        asAdmin().get("/api/v1/partners").then().statusCode(200);
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
