package id.campaignledger.health;

import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Api.outsideContract;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Test
    void theServedContractIsTheRepositoryFile() throws Exception {
        JsonNode file = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("openapi.yaml")));
        String served = outsideContract().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString();
        assertEquals(file, new ObjectMapper().readTree(served));
    }

    @Test
    void swaggerUiIsServed() {
        outsideContract().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void livenessStartupAndReadinessAreUpWithTheSchemaAtItsVersion() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Ledger schema version"))
                .body("checks.find { it.name == 'Ledger schema version' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Ledger schema version' }.data.current", equalTo(
                        given().get("/q/health/ready").then().extract()
                                .path("checks.find { it.name == 'Ledger schema version' }.data.expected")));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        newPartnerKey("VIEWER");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("agroal_"));
    }
}
