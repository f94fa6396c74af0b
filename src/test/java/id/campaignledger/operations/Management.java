package id.campaignledger.operations;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.net.URI;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Requests to the management interface (health and metrics), which has a port of its own. Its
 * exchanges are outside openapi.yaml, which describes the API port only.
 */
public final class Management {

    private Management() {
    }

    /** The management interface's base URI in this test run (a free port). */
    public static URI uri() {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        return URI.create("http://localhost:" + port);
    }

    public static RequestSpecification management() {
        return given().noFilters().baseUri(uri().toString()).port(uri().getPort());
    }

    /** The API port without the contract filter, for paths the contract does not describe. */
    public static RequestSpecification apiPortOutsideContract() {
        return given().noFilters();
    }
}
