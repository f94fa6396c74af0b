package id.campaignledger.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Shorthands for tests that talk to the API. */
public final class Api {

    /** %test.ledger.admin-api-key in application.properties. */
    public static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

    private Api() {
    }

    public static RequestSpecification as(String apiKey) {
        return given().header("Authorization", "Bearer " + apiKey).contentType(ContentType.JSON);
    }

    public static RequestSpecification asAdmin() {
        return as(ADMIN_KEY);
    }

    /** A request that breaks the contract on purpose: only its response is held to it. */
    public static RequestSpecification invalid() {
        return given().header(Contract.INVALID_REQUEST, "true");
    }

    /** A request for something the contract does not describe at all, such as /q/openapi itself. */
    public static RequestSpecification outsideContract() {
        return invalid();
    }

    public static String uniqueCode(String stem) {
        return (stem + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
    }

    /** Creates a partner with the given roles and returns its API key. */
    public static String newPartnerKey(String... roles) {
        return asAdmin()
                .body(Map.of("code", uniqueCode("p"), "name", "Test partner", "kind", "MARKETPLACE",
                        "roles", roles))
                .post("/api/v1/partners")
                .then().statusCode(201)
                .extract().path("apiKey");
    }
}
