package id.campaignledger.common;

import static id.campaignledger.support.Api.ADMIN_KEY;
import static id.campaignledger.support.Api.invalid;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Everything a careless or hostile client can send gets a problem detail, never a 500. */
@QuarkusTest
class ErrorHandlingTest {

    private static RequestSpecification admin() {
        return invalid().header("Authorization", "Bearer " + ADMIN_KEY);
    }

    @Test
    void malformedJsonIsABadRequest() {
        admin().contentType(ContentType.JSON).body("{\"code\": \"abc\",")
                .post("/api/v1/partners")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:campaign-ledger:problem:malformed-request"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/api/v1/partners"))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void anEmptyBodyIsAValidationError() {
        admin().contentType(ContentType.JSON).body("")
                .post("/api/v1/partners")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void anUnknownFieldIsRejectedByName() {
        admin().contentType(ContentType.JSON)
                .body("{\"code\":\"x-corp\",\"name\":\"X\",\"kind\":\"OTHER\",\"roles\":[\"VIEWER\"],\"isAdmin\":true}")
                .post("/api/v1/partners")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:campaign-ledger:problem:validation"))
                .body("errors[0].field", equalTo("isAdmin"));
    }

    @Test
    void aValueOfTheWrongTypeIsRejectedByField() {
        admin().contentType(ContentType.JSON)
                .body("{\"code\":\"x-corp\",\"name\":\"X\",\"kind\":\"OTHER\",\"roles\":\"VIEWER\"}")
                .post("/api/v1/partners")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("roles"));
    }

    @Test
    void anUnknownResourceIsNotFound() {
        admin().get("/api/v1/no-such-thing")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:campaign-ledger:problem:not-found"));
    }

    @Test
    void anUnsupportedMethodIsAProblemToo() {
        admin().contentType(ContentType.JSON).body("{}").put("/api/v1/partners")
                .then().statusCode(405)
                .contentType("application/problem+json");
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        admin().contentType(ContentType.TEXT).body("code=x")
                .post("/api/v1/partners")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:campaign-ledger:problem:unsupported-media-type"));
    }

    @Test
    void aBodyOverOneMebibyteIsTooLarge() {
        String huge = "{\"name\":\"" + "x".repeat(1024 * 1024) + "\"}";
        admin().contentType(ContentType.JSON).body(huge)
                .post("/api/v1/partners")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:campaign-ledger:problem:payload-too-large"));
    }

    @Test
    void aChunkedBodyOverOneMebibyteIsTooLargeToo() {
        byte[] huge = ("{\"name\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}").getBytes(StandardCharsets.UTF_8);
        admin().contentType(ContentType.JSON).body(new ByteArrayInputStream(huge))
                .post("/api/v1/partners")
                .then().statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void aPathParameterOfTheWrongShapeIsNotFound() {
        admin().delete("/api/v1/partners/someone/keys/not-a-uuid")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }
}
