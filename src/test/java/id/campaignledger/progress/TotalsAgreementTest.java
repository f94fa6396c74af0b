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

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The maintained totals always equal a recomputation from the entries, and reconcile tells when they do not. */
@QuarkusTest
class TotalsAgreementTest extends CampaignProgressSetup {

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
}
