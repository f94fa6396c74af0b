package id.campaignledger.partner;

import static id.campaignledger.support.Api.ADMIN_KEY;
import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.invalid;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Api.uniqueCode;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PartnerApiTest {

    @Inject
    AgroalDataSource database;

    private static Map<String, Object> partner(String code, String... roles) {
        return Map.of("code", code, "name", "Tokopedia Nusantara", "kind", "MARKETPLACE", "roles", List.of(roles));
    }

    @Test
    void creatingAPartnerShowsItsKeyOnceAndTheKeyAuthenticates() {
        String code = uniqueCode("market");
        ExtractableResponse<Response> created = asAdmin().body(partner(code, "PARTNER", "VIEWER"))
                .post("/api/v1/partners")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/partners/" + code))
                .body("code", equalTo(code))
                .body("roles", hasSize(2))
                .body("apiKey", matchesPattern("^clk_[A-Za-z0-9_-]{43}$"))
                .extract();
        String key = created.path("apiKey");

        as(key).get("/api/v1/partners").then().statusCode(403);
        asAdmin().get("/api/v1/partners/" + code)
                .then().statusCode(200)
                .body("keys", hasSize(1))
                .body("keys[0].id", equalTo(created.path("keyId")))
                .body("keys[0].prefix", equalTo(key.substring(0, 12)))
                .body("keys[0]", not(hasKey("apiKey")))
                .body("keys[0].revokedAt", nullValue());
    }

    @Test
    void keysAreStoredOnlyAsTheirSha256Digest() throws Exception {
        String code = uniqueCode("digest");
        String key = asAdmin().body(partner(code, "PARTNER")).post("/api/v1/partners")
                .then().statusCode(201).extract().path("apiKey");
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select k.key_hash, k.prefix, row_to_json(k)::text from api_key k "
                                + "join partner p on p.id = k.partner_id where p.code = ?")) {
            s.setString(1, code);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertArrayEquals(ApiKeys.digest(key), r.getBytes(1));
                assertEquals(key.substring(0, 12), r.getString(2));
                assertEquals(-1, r.getString(3).indexOf(key.substring(12)), "the secret part is not stored");
            }
        }
    }

    @Test
    void rotatingAKeyIssuesANewOneAndRevokingRefusesTheOld() {
        String code = uniqueCode("rotate");
        String first = asAdmin().body(partner(code, "VIEWER")).post("/api/v1/partners")
                .then().statusCode(201).extract().path("apiKey");
        String firstId = asAdmin().get("/api/v1/partners/" + code).then().extract().path("keys[0].id");

        ExtractableResponse<Response> rotated = asAdmin().post("/api/v1/partners/" + code + "/keys")
                .then().statusCode(201)
                .body("apiKey", not(equalTo(first)))
                .body("prefix", notNullValue())
                .extract();
        String second = rotated.path("apiKey");

        // Both authenticate (403, not 401, for a VIEWER) while the partner rolls the new key out.
        as(first).get("/api/v1/partners").then().statusCode(403);
        as(second).get("/api/v1/partners").then().statusCode(403);

        asAdmin().delete("/api/v1/partners/" + code + "/keys/" + firstId).then().statusCode(204);
        asAdmin().delete("/api/v1/partners/" + code + "/keys/" + firstId).then().statusCode(204);

        invalid().header("Authorization", "Bearer " + first).get("/api/v1/partners/" + code)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("revoked"));
        as(second).get("/api/v1/partners/" + code).then().statusCode(403);
        asAdmin().get("/api/v1/partners/" + code)
                .then().statusCode(200)
                .body("keys.find { it.id == '" + firstId + "' }.revokedAt", notNullValue());
    }

    @Test
    void aRequestWithoutAKeyIsUnauthenticated() {
        invalid().get("/api/v1/partners")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("urn:campaign-ledger:problem:unauthenticated"))
                .body("status", equalTo(401));
    }

    @Test
    void anUnknownKeyIsUnauthenticated() {
        invalid().header("Authorization", "Bearer clk_not-a-real-key").get("/api/v1/partners")
                .then().statusCode(401).contentType("application/problem+json");
        invalid().header("Authorization", "Basic " + ADMIN_KEY).get("/api/v1/partners")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aKeyWithoutTheRoleIsForbiddenEvenWithAnInvalidBody() {
        String viewer = newPartnerKey("VIEWER");
        invalid().header("Authorization", "Bearer " + viewer).contentType(ContentType.JSON)
                .body("{\"code\": 12}")
                .post("/api/v1/partners")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:campaign-ledger:problem:forbidden"))
                .body("detail", containsString("ADMIN"));
    }

    @Test
    void anAnonymousCallerGetsUnauthenticatedBeforeAnyValidation() {
        invalid().contentType(ContentType.JSON).body("{not json").post("/api/v1/partners")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aDuplicatePartnerCodeConflicts() {
        String code = uniqueCode("dup");
        asAdmin().body(partner(code, "PARTNER")).post("/api/v1/partners").then().statusCode(201);
        asAdmin().body(partner(code, "VIEWER")).post("/api/v1/partners")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:campaign-ledger:problem:conflict"));
    }

    @Test
    void anInvalidPartnerListsEveryFieldError() {
        asAdmin().header(id.campaignledger.support.Contract.INVALID_REQUEST, "true")
                .body(Map.of("code", "Not Valid!", "name", "", "kind", "MARKETPLACE", "roles", List.of()))
                .post("/api/v1/partners")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:campaign-ledger:problem:validation"))
                .body("errors.field", hasItem("code"))
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("roles"))
                .body("errors.message", everyItem(notNullValue()));
    }

    @Test
    void anUnknownRoleIsAValidationError() {
        asAdmin().header(id.campaignledger.support.Contract.INVALID_REQUEST, "true")
                .body(Map.of("code", uniqueCode("role"), "name", "X", "kind", "MARKETPLACE",
                        "roles", List.of("SUPERUSER")))
                .post("/api/v1/partners")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", containsString("roles"));
    }

    @Test
    void keysOfUnknownPartnersAreNotFound() {
        asAdmin().post("/api/v1/partners/nobody-here/keys")
                .then().statusCode(404).contentType("application/problem+json");
        String code = uniqueCode("nokey");
        asAdmin().body(partner(code, "PARTNER")).post("/api/v1/partners").then().statusCode(201);
        asAdmin().delete("/api/v1/partners/" + code + "/keys/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
