package id.campaignledger.progress;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.post;
import static id.campaignledger.support.Fixtures.sale;
import static id.campaignledger.support.Fixtures.umkm;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A target's progress: realised amounts and percentages by period, region, metric and instant. */
@QuarkusTest
class ProgressApiTest extends CampaignProgressSetup {

    @Test
    void bantenRealisesTwentyThousandPercentOfItsTargetToTheSen() {
        String banten = target("TRANSACTION_VALUE", "60000000000.00", "36", "2023-01-01", "2023-12-31");
        String lebak = umkm("36.02");
        String jakarta = umkm("31");
        postAt("b-1", lebak, "11999999999999.99", "2023-06-01T10:00:00+07:00");
        postAt("b-2", lebak, "0.01", "2023-06-02T10:00:00+07:00");
        postAt("j-1", jakarta, "5000000.00", "2023-06-02T10:00:00+07:00");
        as(viewer).get("/api/v1/campaigns/" + campaign + "/targets/" + banten + "/progress")
                .then().statusCode(200)
                .body("target", equalTo("60000000000.00"))
                .body("realised", equalTo("12000000000000.00"))
                .body("percent", equalTo("20000.00"))
                .body("remaining", equalTo("0.00"))
                .body("achieved", equalTo(true));
        as(viewer).get("/api/v1/campaigns/" + campaign + "/progress")
                .then().statusCode(200)
                .body("timeZone", equalTo("Asia/Jakarta"))
                .body("totals.amountIdr", equalTo("12000005000000.00"))
                .body("totals.transactionCount", equalTo(3))
                .body("totals.activeUmkm", equalTo(2));
    }

    @Test
    void periodsEndAtMidnightInJakartaAndReversalsCountWhenTheyOccur() {
        String year = target("TRANSACTION_VALUE", "1000.00", "36.02", "2023-01-01", "2023-12-31");
        String lebak = umkm("36.02");
        String sale = postAt("w-1", lebak, "100.00", "2023-12-31T23:30:00+07:00");
        postAt("w-2", lebak, "200.00", "2024-01-01T00:10:00+07:00");
        as(partner).body(Map.of("externalRef", "w-rev", "amount", "30.00", "reason", "refund",
                "occurredAt", "2024-01-05T09:00:00+07:00"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201);
        as(viewer).get("/api/v1/campaigns/" + campaign + "/targets/" + year + "/progress")
                .then().statusCode(200)
                .body("realised", equalTo("100.00"))
                .body("percent", equalTo("10.00"))
                .body("remaining", equalTo("900.00"))
                .body("achieved", equalTo(false));
        String next = target("TRANSACTION_VALUE", "1000.00", null, "2024-01-01", "2024-12-31");
        as(viewer).get("/api/v1/campaigns/" + campaign + "/targets/" + next + "/progress")
                .then().statusCode(200).body("realised", equalTo("170.00"));
    }

    @Test
    void foreignEntriesCountInIdrAndCountTargetsCountSalesAndUmkm() {
        String count = target("TRANSACTION_COUNT", "4", "36", "2023-01-01", "2023-12-31");
        String active = target("ACTIVE_UMKM", "3", "36", "2023-01-01", "2023-12-31");
        String value = target("TRANSACTION_VALUE", "1000000.00", "36", "2023-01-01", "2023-12-31");
        String a = umkm("36.02");
        String b = umkm("36.71");
        postAt("c-1", a, "100", "2023-03-01T10:00:00+07:00");
        postAt("c-2", a, "100", "2023-03-02T10:00:00+07:00");
        Map<String, Object> eur = sale("c-3", campaign, b, "10.05");
        eur.put("currency", "EUR");
        eur.put("fxRateToIdr", "16650.5");
        eur.put("occurredAt", "2023-03-03T10:00:00+07:00");
        post(partner, eur);
        String base = "/api/v1/campaigns/" + campaign + "/targets/";
        as(viewer).get(base + count + "/progress").then().statusCode(200)
                .body("target", equalTo("4")).body("realised", equalTo("3")).body("percent", equalTo("75.00"))
                .body("remaining", equalTo("1"));
        as(viewer).get(base + active + "/progress").then().statusCode(200)
                .body("realised", equalTo("2")).body("percent", equalTo("66.67"));
        as(viewer).get(base + value + "/progress").then().statusCode(200)
                .body("realised", equalTo("167537.52"));
    }

    @Test
    void asOfCountsOnlyWhatWasRecordedByThen() throws Exception {
        String value = target("TRANSACTION_VALUE", "1000.00", null, "2023-01-01", "2023-12-31");
        String lebak = umkm("36.02");
        postAt("a-1", lebak, "100.00", "2023-05-01T10:00:00+07:00");
        Instant between = clock.instant();
        // Whatever is recorded from now on is recorded after between.
        clock.advance(Duration.ofSeconds(1));
        postAt("a-2", lebak, "250.00", "2023-04-01T10:00:00+07:00");
        String path = "/api/v1/campaigns/" + campaign + "/targets/" + value + "/progress";
        as(viewer).queryParam("asOf", between.toString()).get(path).then().statusCode(200)
                .body("realised", equalTo("100.00"));
        as(viewer).get(path).then().statusCode(200).body("realised", equalTo("350.00"));
    }

    @Test
    void aPeriodOfPartMonthsAddsItsEdgeDaysToTheWholeMonthsBetween() {
        String part = target("TRANSACTION_VALUE", "1000.00", "36.02", "2023-01-15", "2023-03-14");
        String lebak = umkm("36.02");
        postAt("p-1", lebak, "1000.00", "2023-01-14T23:30:00+07:00");
        postAt("p-2", lebak, "1.00", "2023-01-15T00:10:00+07:00");
        postAt("p-3", lebak, "10.00", "2023-02-10T10:00:00+07:00");
        postAt("p-4", lebak, "100.00", "2023-03-14T23:30:00+07:00");
        postAt("p-5", lebak, "1000.00", "2023-03-15T00:10:00+07:00");
        as(viewer).get("/api/v1/campaigns/" + campaign + "/targets/" + part + "/progress")
                .then().statusCode(200).body("realised", equalTo("111.00"));
        String breakdown = "/api/v1/campaigns/" + campaign + "/breakdown";
        for (String by : new String[] { "channel", "regency", "umkm" }) {
            as(viewer).queryParam("by", by).queryParam("from", "2023-01-15").queryParam("to", "2023-03-14")
                    .get(breakdown).then().statusCode(200).body("totalAmountIdr", equalTo("111.00"));
            as(viewer).queryParam("by", by).get(breakdown).then().statusCode(200)
                    .body("totalAmountIdr", equalTo("2111.00"));
        }
        // Periods without a whole month read days only.
        as(viewer).queryParam("by", "channel").queryParam("from", "2023-01-14").queryParam("to", "2023-01-15")
                .get(breakdown).then().statusCode(200).body("totalAmountIdr", equalTo("1001.00"));
        as(viewer).queryParam("by", "channel").queryParam("from", "2023-01-20").queryParam("to", "2023-02-28")
                .get(breakdown).then().statusCode(200).body("totalAmountIdr", equalTo("10.00"));
        as(viewer).queryParam("by", "channel").queryParam("from", "2023-02-11").queryParam("to", "2023-03-15")
                .get(breakdown).then().statusCode(200).body("totalAmountIdr", equalTo("1100.00"));
    }

    @Test
    void activeUmkmOverAWholeCampaignCountsAsOfAnEarlierInstant() throws Exception {
        campaign = campaign("2023-01-01", "2023-12-31");
        String whole = target("ACTIVE_UMKM", "4", "36", "2023-01-01", "2023-12-31");
        String firstHalf = target("ACTIVE_UMKM", "4", "36", "2023-01-01", "2023-06-30");
        String a = umkm("36.02");
        String b = umkm("36.71");
        postAt("u-1", a, "100.00", "2023-05-01T10:00:00+07:00");
        Instant between = clock.instant();
        // Whatever is recorded from now on is recorded after between.
        clock.advance(Duration.ofSeconds(1));
        postAt("u-2", b, "100.00", "2023-08-01T10:00:00+07:00");
        postAt("u-3", a, "100.00", "2023-09-01T10:00:00+07:00");
        String base = "/api/v1/campaigns/" + campaign;
        as(viewer).get(base + "/targets/" + whole + "/progress").then().statusCode(200)
                .body("realised", equalTo("2")).body("percent", equalTo("50.00"));
        as(viewer).get(base + "/targets/" + firstHalf + "/progress").then().statusCode(200)
                .body("realised", equalTo("1"));
        as(viewer).queryParam("asOf", between.toString()).get(base + "/targets/" + whole + "/progress")
                .then().statusCode(200).body("realised", equalTo("1"));
        as(viewer).queryParam("asOf", between.toString()).get(base + "/progress").then().statusCode(200)
                .body("totals.activeUmkm", equalTo(1)).body("totals.amountIdr", equalTo("100.00"))
                .body("totals.transactionCount", equalTo(1));
    }

    @Test
    void umkmStatsCountTheRegistryUnderARegion() {
        String region = "36.73";
        long before = as(viewer).queryParam("regionCode", region).get("/api/v1/umkm/stats").then().statusCode(200)
                .extract().jsonPath().getLong("registered");
        long curatedBefore = as(viewer).queryParam("regionCode", region).get("/api/v1/umkm/stats")
                .then().extract().jsonPath().getLong("exportReady");
        asAdmin().body(Map.of("name", "Kopi Serang", "regionCode", region, "scale", "KECIL", "curated", true,
                "exportReady", true, "digitalPayments", true)).post("/api/v1/umkm").then().statusCode(201);
        umkm(region);
        as(viewer).queryParam("regionCode", region).get("/api/v1/umkm/stats").then().statusCode(200)
                .body("regionCode", equalTo(region))
                .body("registered", equalTo((int) before + 2))
                .body("exportReady", equalTo((int) curatedBefore + 1));
        as(viewer).get("/api/v1/umkm/stats").then().statusCode(200).body("regionCode", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void unknownCampaignsAndTargetsAreNotFound() {
        as(viewer).get("/api/v1/campaigns/NO_SUCH/progress").then().statusCode(404);
        as(viewer).get("/api/v1/campaigns/" + campaign + "/targets/00000000-0000-0000-0000-000000000000/progress")
                .then().statusCode(404);
    }
}
