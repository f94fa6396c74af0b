package id.campaignledger.partner;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The partners rate-limit-probe and rate-limit-probe-b have a burst of 3 and refill one request
 * every 5 s in the test profile (application.properties); each is used by one test only, so its
 * bucket is full when the test starts. Every other caller has a limit the suite never reaches.
 */
@QuarkusTest
class RateLimitTest {

    /** A fresh key for a probe partner, which is created once per database. */
    private static String probeKey(String code) {
        int status = asAdmin().body(Map.of("code", code, "name", "Rate limit probe", "kind", "OTHER",
                "roles", new String[] { "VIEWER" })).post("/api/v1/partners").statusCode();
        assertTrue(status == 201 || status == 409, "creating the probe partner answered " + status);
        return asAdmin().post("/api/v1/partners/" + code + "/keys").then().statusCode(201).extract().path("apiKey");
    }

    @Test
    void aPartnerBeyondItsBurstGets429WithRetryAfterAndAProblem() {
        // Two keys of one partner share its allowance.
        String key = probeKey("rate-limit-probe");
        String secondKey = asAdmin().post("/api/v1/partners/rate-limit-probe/keys").then().statusCode(201)
                .extract().path("apiKey");
        int allowed = 0;
        int status;
        while ((status = as(allowed % 2 == 0 ? key : secondKey).get("/api/v1/umkm/stats").statusCode()) == 200) {
            allowed++;
            assertTrue(allowed <= 3, "more than the burst of 3 was let through");
        }
        assertEquals(3, allowed, "the burst of 3 was not let through");
        int retryAfter = Integer.parseInt(as(secondKey).get("/api/v1/umkm/stats").then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("urn:campaign-ledger:problem:rate-limited"))
                .body("status", equalTo(429))
                .body("requestId", notNullValue())
                .extract().header("Retry-After"));
        assertTrue(status == 429, "the request after the burst answered " + status);
        assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After " + retryAfter + " is not within the refill time");
    }

    @Test
    void theLimitIsPerPartnerSoOthersAreNotHeldUp() {
        String key = probeKey("rate-limit-probe-b");
        while (as(key).get("/api/v1/umkm/stats").statusCode() == 200) {
            // spend the probe's burst
        }
        as(key).get("/api/v1/umkm/stats").then().statusCode(429);
        String other = id.campaignledger.support.Api.newPartnerKey("VIEWER");
        as(other).get("/api/v1/umkm/stats").then().statusCode(200);
    }
}
