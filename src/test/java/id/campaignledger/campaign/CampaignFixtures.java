package id.campaignledger.campaign;

import static id.campaignledger.support.Api.ADMIN_KEY;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.invalid;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/** Campaigns and targets made through the API, shared by the campaign and target tests. */
final class CampaignFixtures {

    private CampaignFixtures() {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    static String uniqueCode(String stem) {
        return stem + "_" + Long.toString(Math.abs(RANDOM.nextLong()), 36).toUpperCase();
    }

    /** An admin request that is wrong on purpose; only the response is held to the contract. */
    static RequestSpecification asAdminBreakingTheContract() {
        return invalid().header("Authorization", "Bearer " + ADMIN_KEY).contentType(ContentType.JSON);
    }

    static Map<String, Object> campaignBody(String code, String startsOn, String endsOn) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("name", "Bangga Buatan Indonesia");
        body.put("description", "National movement to buy Indonesian-made products.");
        body.put("startsOn", startsOn);
        body.put("endsOn", endsOn);
        return body;
    }

    static String createCampaign(String startsOn, String endsOn) {
        String code = uniqueCode("BBI");
        asAdmin().body(campaignBody(code, startsOn, endsOn)).post("/api/v1/campaigns").then().statusCode(201);
        return code;
    }

    static Map<String, Object> target(String metric, Object amount, String regionCode) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Banten BBI 2023");
        body.put("metric", metric);
        body.put("amount", amount);
        body.put("regionCode", regionCode);
        body.put("periodStart", "2023-01-01");
        body.put("periodEnd", "2023-12-31");
        return body;
    }

    static String createTarget(String campaign, Map<String, Object> body) {
        return asAdmin().body(body).post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(201).extract().path("id");
    }
}
