package id.campaignledger.health;

import static id.campaignledger.operations.Management.management;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Api.outsideContract;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyConnectionHasAStatementTimeoutSoNoQueryHoldsItForLong() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("show statement_timeout")) {
                r.next();
                assertEquals("30s", r.getString(1));
            }
            try (ResultSet r = s.executeQuery("show idle_in_transaction_session_timeout")) {
                r.next();
                assertEquals("1min", r.getString(1));
            }
            // And the server enforces it: a statement over its own (lowered) limit is cancelled with 57014.
            s.execute("set statement_timeout = '50ms'");
            SQLException cancelled = assertThrows(SQLException.class, () -> s.execute("select pg_sleep(2)"));
            assertEquals("57014", cancelled.getSQLState());
            s.execute("reset statement_timeout");
        }
    }

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
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Ledger schema version"))
                .body("checks.find { it.name == 'Ledger schema version' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Ledger schema version' }.data.current", equalTo(
                        management().get("/q/health/ready").then().extract()
                                .path("checks.find { it.name == 'Ledger schema version' }.data.expected")));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        newPartnerKey("VIEWER");
        management().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("agroal_"));
    }
}
