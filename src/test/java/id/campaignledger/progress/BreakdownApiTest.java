package id.campaignledger.progress;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.post;
import static id.campaignledger.support.Fixtures.sale;
import static id.campaignledger.support.Fixtures.umkm;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Breakdowns of a campaign by dimension and its time series. */
@QuarkusTest
class BreakdownApiTest extends CampaignProgressSetup {

    @Test
    void breakdownsRankEveryDimensionWithLabelsAndShares() {
        String lebak = umkm("36.02");
        String kotaTangerang = umkm("36.71");
        postAt("k-1", lebak, "300.00", "2023-03-01T10:00:00+07:00");
        postAt("k-2", kotaTangerang, "100.00", "2023-03-01T10:00:00+07:00");
        Map<String, Object> sgd = sale("k-3", campaign, umkm("31"), "2.00");
        sgd.put("currency", "SGD");
        sgd.put("fxRateToIdr", "100");
        sgd.put("channel", "EXPORT");
        sgd.put("occurredAt", "2023-03-02T10:00:00+07:00");
        post(partner, sgd);
        String path = "/api/v1/campaigns/" + campaign + "/breakdown";
        as(viewer).queryParam("by", "province").get(path).then().statusCode(200)
                .body("totalAmountIdr", equalTo("600.00"))
                .body("rows.key", equalTo(java.util.List.of("36", "31")))
                .body("rows[0].label", equalTo("Banten"))
                .body("rows[0].share", equalTo("66.67"))
                .body("rows[1].transactionCount", equalTo(1));
        as(viewer).queryParam("by", "regency").get(path).then().statusCode(200)
                .body("rows.key", equalTo(java.util.List.of("36.02", "31", "36.71")))
                .body("rows[0].label", equalTo("Kabupaten Lebak"));
        as(viewer).queryParam("by", "channel").get(path).then().statusCode(200)
                .body("rows.key", equalTo(java.util.List.of("QRIS", "EXPORT")))
                .body("rows[0].amountIdr", equalTo("400.00"));
        as(viewer).queryParam("by", "currency").get(path).then().statusCode(200)
                .body("rows.key", equalTo(java.util.List.of("IDR", "SGD")));
        as(viewer).queryParam("by", "umkm").queryParam("limit", 1).get(path).then().statusCode(200)
                .body("rows.key", equalTo(java.util.List.of(lebak)))
                .body("rows[0].label", equalTo("Gula Aren Sobang"))
                .body("totalAmountIdr", equalTo("600.00"));
        as(viewer).queryParam("by", "province").queryParam("from", "2023-03-02").get(path).then().statusCode(200)
                .body("rows.key", equalTo(java.util.List.of("31")));
    }

    @Test
    void timeSeriesBucketsInJakartaTimeWithEmptyBucketsAndARunningTotal() {
        String lebak = umkm("36.02");
        postAt("t-1", lebak, "100.00", "2023-01-01T00:30:00+07:00"); // 31 Dec in UTC
        postAt("t-2", lebak, "50.00", "2023-01-03T12:00:00+07:00");
        String path = "/api/v1/campaigns/" + campaign + "/timeseries";
        as(viewer).queryParam("interval", "day").queryParam("from", "2022-12-31").queryParam("to", "2023-01-03")
                .get(path).then().statusCode(200)
                .body("points.period", equalTo(java.util.List.of("2022-12-31", "2023-01-01", "2023-01-02",
                        "2023-01-03")))
                .body("points.amountIdr", equalTo(java.util.List.of("0.00", "100.00", "0.00", "50.00")))
                .body("points.cumulativeAmountIdr", equalTo(java.util.List.of("0.00", "100.00", "100.00",
                        "150.00")));
        as(viewer).queryParam("interval", "month").queryParam("from", "2023-01-01").queryParam("to", "2023-02-28")
                .queryParam("regionCode", "36").get(path).then().statusCode(200)
                .body("points.period", equalTo(java.util.List.of("2023-01-01", "2023-02-01")))
                .body("points.transactionCount", equalTo(java.util.List.of(2, 0)));
        as(viewer).queryParam("interval", "week").queryParam("from", "2023-01-01").queryParam("to", "2023-01-03")
                .queryParam("regionCode", "31").get(path).then().statusCode(200)
                .body("points.period", equalTo(java.util.List.of("2022-12-26", "2023-01-02")))
                .body("points.amountIdr", equalTo(java.util.List.of("0.00", "0.00")));
    }

    @Test
    void badBreakdownAndSeriesParametersAreValidationErrors() {
        String base = "/api/v1/campaigns/" + campaign;
        id.campaignledger.support.Api.invalid().header("Authorization", "Bearer " + viewer)
                .queryParam("by", "planet").get(base + "/breakdown")
                .then().statusCode(400).body("errors[0].field", equalTo("by"));
        id.campaignledger.support.Api.invalid().header("Authorization", "Bearer " + viewer)
                .queryParam("interval", "hour").get(base + "/timeseries")
                .then().statusCode(400).body("errors[0].field", equalTo("interval"));
        id.campaignledger.support.Api.invalid().header("Authorization", "Bearer " + viewer)
                .queryParam("interval", "day").queryParam("from", "2023-02-30").get(base + "/timeseries")
                .then().statusCode(400).body("errors[0].field", equalTo("from"));
    }
}
