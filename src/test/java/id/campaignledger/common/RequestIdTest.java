package id.campaignledger.common;

import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.invalid;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RequestIdTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void aCallersRequestIdIsEchoedInTheHeader() {
        asAdmin().header("X-Request-Id", "partner-trace.42:a_b").get("/api/v1/partners")
                .then().statusCode(200).header("X-Request-Id", equalTo("partner-trace.42:a_b"));
    }

    @Test
    void aRequestWithoutAnIdGetsAFreshOneEachTime() {
        String first = asAdmin().get("/api/v1/partners").then().statusCode(200)
                .header("X-Request-Id", matchesPattern(UUID)).extract().header("X-Request-Id");
        String second = asAdmin().get("/api/v1/partners").header("X-Request-Id");
        assertNotEquals(first, second);
    }

    @Test
    void aProblemDetailCarriesTheRequestId() {
        given().header("X-Request-Id", "trace-401").get("/api/v1/partners")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("X-Request-Id", equalTo("trace-401"))
                .body("requestId", equalTo("trace-401"));
    }

    @Test
    void aTooLargeBodyRefusedBeforeReadingStillCarriesTheRequestId() {
        Response response = invalid().header("Authorization", "Bearer " + id.campaignledger.support.Api.ADMIN_KEY)
                .header("X-Request-Id", "trace-413").contentType("application/json")
                .body("{\"x\":\"" + "a".repeat(1_100_000) + "\"}").post("/api/v1/partners");
        response.then().statusCode(413).header("X-Request-Id", equalTo("trace-413"))
                .body("requestId", equalTo("trace-413"));
    }

    @Test
    void anIdTooLongOrWithUnsafeCharactersIsReplaced() {
        String tooLong = "a".repeat(65);
        asAdmin().header("X-Request-Id", tooLong).get("/api/v1/partners")
                .then().statusCode(200).header("X-Request-Id", matchesPattern(UUID));
        asAdmin().header("X-Request-Id", "x\"} {\"admin\":true").get("/api/v1/partners")
                .then().statusCode(200).header("X-Request-Id", matchesPattern(UUID))
                .header("X-Request-Id", not(equalTo("x\"} {\"admin\":true")));
        assertEquals(64, RequestIds.accept("b".repeat(64)).length());
    }
}
