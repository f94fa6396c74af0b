package id.campaignledger.progress;

import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.post;
import static id.campaignledger.support.Fixtures.sale;

import id.campaignledger.support.TestClock;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** Each progress test starts with a partner, a viewer and a campaign open since 2022, on the test clock. */
abstract class CampaignProgressSetup {

    @Inject
    TestClock clock;

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource database;

    String partner;
    String viewer;
    String campaign;

    @BeforeEach
    void setUp() {
        partner = newPartnerKey("PARTNER");
        viewer = newPartnerKey("VIEWER");
        campaign = campaign("2022-01-01", null);
    }

    String target(String metric, String amount, String region, String start, String end) {
        Map<String, Object> body = new HashMap<>(Map.of("metric", metric, "amount", amount, "periodStart", start,
                "periodEnd", end));
        if (region != null) {
            body.put("regionCode", region);
        }
        return asAdmin().body(body).post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(201).extract().path("id");
    }

    String postAt(String ref, String umkmId, String amount, String occurredAt) {
        Map<String, Object> body = sale(ref, campaign, umkmId, amount);
        body.put("occurredAt", occurredAt);
        return post(partner, body);
    }
}
