package id.campaignledger.progress;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Fixtures.campaign;
import static id.campaignledger.support.Fixtures.post;
import static id.campaignledger.support.Fixtures.sale;
import static id.campaignledger.support.Fixtures.umkm;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import id.campaignledger.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProgressApiTest {

    @Inject
    TestClock clock;

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource database;

    private String partner;
    private String viewer;
    private String campaign;

    @BeforeEach
    void setUp() {
        partner = newPartnerKey("PARTNER");
        viewer = newPartnerKey("VIEWER");
        campaign = campaign("2022-01-01", null);
    }

    private String target(String metric, String amount, String region, String start, String end) {
        Map<String, Object> body = new HashMap<>(Map.of("metric", metric, "amount", amount, "periodStart", start,
                "periodEnd", end));
        if (region != null) {
            body.put("regionCode", region);
        }
        return asAdmin().body(body).post("/api/v1/campaigns/" + campaign + "/targets")
                .then().statusCode(201).extract().path("id");
    }

    private String postAt(String ref, String umkmId, String amount, String occurredAt) {
        Map<String, Object> body = sale(ref, campaign, umkmId, amount);
        body.put("occurredAt", occurredAt);
        return post(partner, body);
    }

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
    void dailyTotalsAlwaysEqualARecomputationFromTheEntries() throws Exception {
        String lebak = umkm("36.02");
        String sale = postAt("d-1", lebak, "999.99", "2023-02-01T23:59:59+07:00");
        as(partner).body(Map.of("externalRef", "d-rev", "amount", "0.99", "reason", "x"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201);
        String difference = """
                select count(*) from (
                  (select campaign_id, (occurred_at at time zone 'Asia/Jakarta')::date, region_code, channel, currency,
                          partner_id, sum(amount_idr), count(*) filter (where kind = 'SALE')
                     from ledger_entry where campaign_id = (select id from campaign where code = ?) group by 1, 2, 3, 4, 5, 6
                   except
                   select campaign_id, day, region_code, channel, currency, partner_id, amount_idr, sale_count
                     from ledger_daily where campaign_id = (select id from campaign where code = ?))
                  union all
                  (select campaign_id, day, region_code, channel, currency, partner_id, amount_idr, sale_count
                     from ledger_daily where campaign_id = (select id from campaign where code = ?)
                   except
                   select campaign_id, (occurred_at at time zone 'Asia/Jakarta')::date, region_code, channel, currency,
                          partner_id, sum(amount_idr), count(*) filter (where kind = 'SALE')
                     from ledger_entry where campaign_id = (select id from campaign where code = ?) group by 1, 2, 3, 4, 5, 6)) d
                """;
        try (java.sql.Connection c = database.getConnection();
                java.sql.PreparedStatement s = c.prepareStatement(difference)) {
            for (int i = 1; i <= 4; i++) {
                s.setString(i, campaign);
            }
            try (java.sql.ResultSet r = s.executeQuery()) {
                r.next();
                org.junit.jupiter.api.Assertions.assertEquals(0, r.getLong(1));
            }
        }
    }

    @Test
    void monthlyTotalsPerRegionEqualARecomputationAcrossChannelsCurrenciesAndPartners() throws Exception {
        String lebak = umkm("36.02");
        String jakarta = umkm("31");
        String other = newPartnerKey("PARTNER");
        String sale = postAt("m-1", lebak, "1000.00", "2023-01-31T23:30:00+07:00");
        postAt("m-2", lebak, "250.50", "2023-02-01T00:10:00+07:00");
        Map<String, Object> usd = sale("m-3", campaign, lebak, "12.34");
        usd.put("currency", "USD");
        usd.put("fxRateToIdr", "15500.25");
        usd.put("channel", "EXPORT");
        usd.put("occurredAt", "2023-01-10T10:00:00+07:00");
        post(partner, usd);
        Map<String, Object> expo = sale("m-4", campaign, jakarta, "99.99");
        expo.put("channel", "EXPO");
        expo.put("occurredAt", "2023-01-20T10:00:00+07:00");
        post(other, expo);
        as(partner).body(Map.of("externalRef", "m-rev", "amount", "400.00", "reason", "x",
                "occurredAt", "2023-03-02T09:00:00+07:00"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201);
        String recomputed = """
                select campaign_id, date_trunc('month', occurred_at at time zone 'Asia/Jakarta')::date, region_code,
                       partner_id, sum(amount_idr), count(*) filter (where kind = 'SALE')
                  from ledger_entry where campaign_id = (select id from campaign where code = ?) group by 1, 2, 3, 4
                """;
        String maintained = """
                select campaign_id, month, region_code, partner_id, amount_idr, sale_count
                  from ledger_region_monthly where campaign_id = (select id from campaign where code = ?)
                """;
        try (java.sql.Connection c = database.getConnection();
                java.sql.PreparedStatement s = c.prepareStatement("select (select count(*) from (" + maintained
                        + ") m), (select count(*) from ((" + recomputed + " except " + maintained + ") union all ("
                        + maintained + " except " + recomputed + ")) d)")) {
            for (int i = 1; i <= 5; i++) {
                s.setString(i, campaign);
            }
            try (java.sql.ResultSet r = s.executeQuery()) {
                r.next();
                // January (Lebak, one partner; Jakarta, another), February and March (Lebak).
                org.junit.jupiter.api.Assertions.assertEquals(4, r.getLong(1));
                org.junit.jupiter.api.Assertions.assertEquals(0, r.getLong(2));
            }
        }
    }

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
    void reconcileFindsNoDifferenceAfterPostsAndReportsOneAfterARawInsert() throws Exception {
        String lebak = umkm("36.02");
        String sale = postAt("r-1", lebak, "1000.00", "2023-04-01T10:00:00+07:00");
        as(partner).body(Map.of("externalRef", "r-rev", "amount", "10.00", "reason", "x"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201);
        asAdmin().queryParam("campaign", campaign).get("/api/v1/admin/reconcile").then().statusCode(200)
                .body("consistent", equalTo(true)).body("differences", org.hamcrest.Matchers.hasSize(0));
        try (java.sql.Connection c = database.getConnection();
                java.sql.PreparedStatement s = c.prepareStatement("""
                        insert into ledger_entry (id, partner_id, external_ref, campaign_id, umkm_id, kind, amount,
                            currency, amount_idr, channel, occurred_at, region_code, request_digest)
                        select gen_random_uuid(), partner_id, 'raw-1', campaign_id, umkm_id, 'SALE', 5, 'IDR', 5,
                               channel, occurred_at, region_code, request_digest
                          from ledger_entry where id = ?::uuid""")) {
            s.setString(1, sale);
            s.executeUpdate();
        }
        asAdmin().queryParam("campaign", campaign).get("/api/v1/admin/reconcile").then().statusCode(200)
                .body("consistent", equalTo(false))
                // Every total the inserting statement keeps misses the raw row, the yearly one per UMKM too.
                .body("differences.totals", contains("daily", "monthly", "region_monthly", "umkm", "umkm_yearly"))
                .body("differences[0].day", equalTo("2023-04-01"))
                .body("differences[0].expectedAmountIdr", equalTo("1005.00"))
                .body("differences[0].actualAmountIdr", equalTo("1000.00"))
                .body("differences[0].expectedSaleCount", equalTo(2))
                .body("differences[1].day", equalTo("2023-04-01"))
                .body("differences[1].expectedAmountIdr", equalTo("1005.00"))
                .body("differences[2].day", equalTo("2023-04-01"))
                .body("differences[2].regionCode", equalTo("36.02"))
                .body("differences[2].channel", nullValue())
                .body("differences[2].currency", nullValue())
                .body("differences[2].expectedAmountIdr", equalTo("1005.00"))
                .body("differences[2].actualAmountIdr", equalTo("1000.00"))
                .body("differences[2].expectedSaleCount", equalTo(2))
                .body("differences[2].actualSaleCount", equalTo(1))
                .body("differences[3].umkmId", equalTo(lebak))
                .body("differences[3].channel", nullValue())
                .body("differences[3].expectedAmountIdr", equalTo("995.00"))
                .body("differences[3].actualAmountIdr", equalTo("990.00"));
        as(viewer).queryParam("campaign", campaign).get("/api/v1/admin/reconcile").then().statusCode(403);
    }

    @Test
    void unknownCampaignsAndTargetsAreNotFound() {
        as(viewer).get("/api/v1/campaigns/NO_SUCH/progress").then().statusCode(404);
        as(viewer).get("/api/v1/campaigns/" + campaign + "/targets/00000000-0000-0000-0000-000000000000/progress")
                .then().statusCode(404);
    }
}
