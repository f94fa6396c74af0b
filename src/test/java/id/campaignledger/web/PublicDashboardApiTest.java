package id.campaignledger.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import id.campaignledger.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With ledger.dashboard.public=true the reads a dashboard needs answer without a key; nothing
 * else does, and a key that is presented is still checked.
 */
@QuarkusTest
@TestProfile(DemoDashboardProfile.class)
class PublicDashboardApiTest {

    @Test
    void dashboardReadsAnswerWithoutAKey() {
        given().get("/api/v1/campaigns").then().statusCode(200).body("items.code", hasItem("BBI"));
        given().get("/api/v1/campaigns/BBI").then().statusCode(200);
        given().get("/api/v1/campaigns/BBI/progress").then().statusCode(200)
                .body("targets.find { it.name == 'Banten 2023' }.realised", equalTo("12000000000000.00"))
                .body("targets.find { it.name == 'Banten 2023' }.percent", equalTo("20000.00"));
        given().queryParam("by", "regency").get("/api/v1/campaigns/BBI/breakdown").then().statusCode(200);
        given().queryParam("interval", "month").get("/api/v1/campaigns/BBI/timeseries").then().statusCode(200);
        given().queryParam("regionCode", "36").get("/api/v1/umkm/stats").then().statusCode(200)
                .body("registered", equalTo(1206)).body("curated", equalTo(500)).body("exportReady", equalTo(76));
    }

    @Test
    void everythingElseStillNeedsAKey() {
        given().get("/api/v1/transactions").then().statusCode(401);
        given().get("/api/v1/partners").then().statusCode(401);
        given().get("/api/v1/umkm").then().statusCode(401);
        given().queryParam("campaign", "BBI").get("/api/v1/admin/reconcile").then().statusCode(401);
        Api.invalid().contentType("application/json").body(Map.of("items", java.util.List.of()))
                .post("/api/v1/transactions/batch").then().statusCode(401);
    }

    @Test
    void aPresentedKeyIsCheckedEvenWhereNoneIsNeeded() {
        Api.as("not-a-key-of-anyone-at-all").get("/api/v1/campaigns/BBI/progress").then().statusCode(401);
        Api.as(Api.ADMIN_KEY).get("/api/v1/campaigns/BBI/progress").then().statusCode(200);
    }
}
