package id.campaignledger.operations;

import static id.campaignledger.operations.Management.apiPortOutsideContract;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.operations.Management.management;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/** Health and metrics live on the management port only; the API port does not serve them. */
@QuarkusTest
class ManagementInterfaceTest {

    @Test
    void healthAndMetricsAreServedOnTheManagementPort() {
        assertNotEquals(RestAssured.port, Management.uri().getPort());
        asAdmin().get("/api/v1/partners").then().statusCode(200);
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests_seconds"));
    }

    @Test
    void theApiPortDoesNotServeMetricsOrHealth() {
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/live", "/q/health/ready",
                "/q/health/started", "/q/metrics/json"}) {
            apiPortOutsideContract().get(path).then().statusCode(404);
        }
    }
}
