package id.campaignledger.plausibility;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.invalid;
import static id.campaignledger.support.Api.newPartnerKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plausibility report against PP 7/2021 bands: exact edges, the WIB year boundary, reversals,
 * single large entries, concentration and the flagged part of each target.
 */
@QuarkusTest
class PlausibilityApiTest {

    @Inject
    AgroalDataSource database;

    private String partner;
    private String campaign;
    private int refs;

    @BeforeEach
    void campaignAcrossTwoYears() {
        partner = newPartnerKey("PARTNER");
        campaign = Fixtures.campaign("2023-01-01", "2024-12-31");
    }

    private String umkm(String scale, String region) {
        return asAdmin().body(Map.of("name", "Usaha " + scale, "regionCode", region, "scale", scale, "nib",
                Fixtures.nib())).post("/api/v1/umkm").then().statusCode(201).extract().path("id");
    }

    private String sale(String umkmId, String amount, String occurredAt) {
        Map<String, Object> body = new HashMap<>(Fixtures.sale("pl-" + (refs++) + "-" + UUID.randomUUID(), campaign,
                umkmId, amount));
        body.put("occurredAt", occurredAt);
        return Fixtures.post(partner, body);
    }

    private JsonPath report(int year) {
        return as(newPartnerKey("VIEWER")).queryParam("year", year).get("/api/v1/campaigns/" + campaign + "/plausibility")
                .then().statusCode(200).extract().jsonPath();
    }

    private static Set<String> flagged(JsonPath report) {
        return Set.copyOf(report.getList("flaggedUmkm.umkmId", String.class));
    }

    @Test
    void exactlyAtEachCeilingIsNotFlaggedAndOneSenMoreIs() {
        Map<String, String> ceilings = Map.of("MIKRO", "2000000000.00", "KECIL", "15000000000.00", "MENENGAH",
                "50000000000.00");
        Map<String, String> atCeiling = new HashMap<>();
        Map<String, String> oneSenOver = new HashMap<>();
        for (Map.Entry<String, String> band : ceilings.entrySet()) {
            String at = umkm(band.getKey(), "36.02.22");
            String over = umkm(band.getKey(), "31.71");
            BigDecimal ceiling = new BigDecimal(band.getValue());
            // Two sales each, so the total (not one entry) reaches the edge.
            BigDecimal half = ceiling.divide(new BigDecimal("2"));
            sale(at, half.toPlainString(), "2023-03-01T10:00:00+07:00");
            sale(at, ceiling.subtract(half).toPlainString(), "2023-09-01T10:00:00+07:00");
            sale(over, half.toPlainString(), "2023-03-01T10:00:00+07:00");
            sale(over, ceiling.subtract(half).add(new BigDecimal("0.01")).toPlainString(), "2023-09-01T10:00:00+07:00");
            atCeiling.put(band.getKey(), at);
            oneSenOver.put(band.getKey(), over);
        }
        JsonPath report = report(2023);
        assertEquals(Set.copyOf(oneSenOver.values()), flagged(report));
        for (Map.Entry<String, String> band : ceilings.entrySet()) {
            String row = "flaggedUmkm.find { it.umkmId == '" + oneSenOver.get(band.getKey()) + "' }";
            assertEquals(new BigDecimal(band.getValue()).add(new BigDecimal("0.01")).toPlainString(),
                    report.getString(row + ".amountIdr"));
            assertEquals(band.getValue(), report.getString(row + ".ceilingIdr"));
            assertEquals("1.0000", report.getString(row + ".ratio"));
            assertEquals(band.getKey(), report.getString(row + ".scale"));
            assertEquals(List.of("31"), report.getList(row + ".ancestors.code"));
        }
        assertEquals(3, report.getInt("flaggedUmkmCount"));
        assertEquals(6, report.getInt("activeUmkm"));
        assertEquals(List.of("2000000000.00", "15000000000.00", "50000000000.00"),
                report.getList("bands.ceilingIdr"));
        // A single sale of exactly the mikro ceiling is no large entry; none of these exceeds its ceiling alone.
        assertEquals(List.of(), report.getList("largeEntries"));
    }

    @Test
    void theYearIsTheCalendarYearInWibNotUtc() {
        String mikro = umkm("MIKRO", "36.02.22");
        // 2023-12-31 23:30 WIB is 16:30 UTC; 2024-01-01 00:30 WIB is still 2023-12-31 17:30 UTC.
        sale(mikro, "1500000000.00", "2023-12-31T23:30:00+07:00");
        sale(mikro, "1500000000.00", "2024-01-01T00:30:00+07:00");
        JsonPath y2023 = report(2023);
        JsonPath y2024 = report(2024);
        assertEquals(Set.of(), flagged(y2023));
        assertEquals("1500000000.00", y2023.getString("totalAmountIdr"));
        assertEquals(Set.of(), flagged(y2024));
        assertEquals("1500000000.00", y2024.getString("totalAmountIdr"));
        // One more sen late on New Year's Eve in WIB (still 2023 in WIB, 2023 in UTC too) stays in 2023...
        sale(mikro, "500000000.01", "2023-12-31T23:59:59+07:00");
        assertEquals(Set.of(mikro), flagged(report(2023)));
        assertEquals(Set.of(), flagged(report(2024)));
    }

    @Test
    void reversalsLowerAUmkmBelowItsCeiling() {
        String kecil = umkm("KECIL", "35.29.22");
        String big = sale(kecil, "15000000000.00", "2023-05-01T10:00:00+07:00");
        sale(kecil, "1000000.00", "2023-06-01T10:00:00+07:00");
        JsonPath over = report(2023);
        assertEquals(Set.of(kecil), flagged(over));
        assertEquals("1.0001", over.getString("flaggedUmkm[0].ratio"));
        as(partner).body(Map.of("externalRef", "pl-rev-" + UUID.randomUUID(), "amount", "1000000.00", "reason",
                "returned goods", "occurredAt", "2023-06-02T10:00:00+07:00"))
                .post("/api/v1/transactions/" + big + "/reversals").then().statusCode(201);
        JsonPath back = report(2023);
        assertEquals(Set.of(), flagged(back));
        assertEquals("15000000000.00", back.getString("totalAmountIdr"));
        // One sen more is above the ceiling again.
        sale(kecil, "0.01", "2023-07-01T10:00:00+07:00");
        assertEquals(Set.of(kecil), flagged(report(2023)));
    }

    @Test
    void singleLargeEntriesTopTenAndTheFlaggedPartOfEachTarget() {
        String target = asAdmin().body(Map.of("metric", "TRANSACTION_VALUE", "amount", "60000000000.00",
                "regionCode", "36", "periodStart", "2023-01-01", "periodEnd", "2023-12-31"))
                .post("/api/v1/campaigns/" + campaign + "/targets").then().statusCode(201).extract().path("id");
        String sobang = umkm("MIKRO", "36.02.22");
        String large = sale(sobang, "2500000000.00", "2023-04-01T10:00:00+07:00");
        for (int i = 0; i < 11; i++) {
            sale(umkm("MIKRO", "36.01"), "100000000.00", "2023-04-02T10:00:00+07:00");
        }
        sale(umkm("MENENGAH", "31.71"), "40000000000.00", "2023-04-03T10:00:00+07:00");
        JsonPath report = report(2023);
        assertEquals(List.of(large), report.getList("largeEntries.transactionId"));
        assertEquals("1.2500", report.getString("largeEntries[0].ratio"));
        assertEquals("2000000000.00", report.getString("largeEntries[0].ceilingIdr"));
        // Total 43.6 miliar; the top ten: 40 + 2.5 + 8 x 0.1 = 43.3 miliar.
        assertEquals("43600000000.00", report.getString("totalAmountIdr"));
        assertEquals("43300000000.00", report.getString("top10.amountIdr"));
        assertEquals("99.31", report.getString("top10.share"));
        assertEquals(10, report.getInt("top10.umkmCount"));
        // Banten's target: 3.6 miliar realised in 2023, 2.5 of it from the flagged Sobang business.
        String row = "targets.find { it.targetId == '" + target + "' }";
        assertEquals("3600000000.00", report.getString(row + ".realisedInYearIdr"));
        assertEquals("2500000000.00", report.getString(row + ".fromFlaggedUmkmIdr"));
        assertEquals("69.44", report.getString(row + ".flaggedShare"));
        assertEquals("2500000000.00", report.getString("flaggedAmountIdr"));
        assertEquals("5.73", report.getString("flaggedShare"));
    }

    @Test
    void theYearlyTotalsEqualARecomputationFromTheEntries() throws Exception {
        String a = umkm("MIKRO", "36.02.22");
        String s = sale(a, "1000.00", "2023-12-31T23:00:00+07:00");
        sale(a, "2000.00", "2024-01-01T01:00:00+07:00");
        as(partner).body(Map.of("externalRef", "pl-rev-" + UUID.randomUUID(), "amount", "250.00", "reason", "r",
                "occurredAt", "2024-01-02T10:00:00+07:00"))
                .post("/api/v1/transactions/" + s + "/reversals").then().statusCode(201);
        try (Connection c = database.getConnection(); PreparedStatement q = c.prepareStatement("""
                select coalesce((select string_agg(year || ':' || amount_idr || ':' || sale_count, ',' order by year)
                                   from (select year, sum(amount_idr) amount_idr, sum(sale_count) sale_count
                                           from ledger_umkm_yearly where umkm_id = ?::uuid group by year) y), ''),
                       coalesce((select string_agg(year || ':' || amount_idr || ':' || sale_count, ',' order by year)
                                   from (select extract(year from occurred_at at time zone 'Asia/Jakarta') as year,
                                                sum(amount_idr) amount_idr, count(*) filter (where kind = 'SALE') sale_count
                                           from ledger_entry where umkm_id = ?::uuid group by 1) e), '')
                """)) {
            q.setString(1, a);
            q.setString(2, a);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                assertEquals("2023:1000.00:1,2024:1750.00:1", r.getString(1));
                assertEquals(r.getString(2), r.getString(1));
            }
        }
    }

    @Test
    void flagsNeverRefuseAPostAndBadYearsAreProblems() {
        String mikro = umkm("MIKRO", "36.02.22");
        sale(mikro, "3000000000.00", "2023-02-01T10:00:00+07:00");
        assertTrue(flagged(report(2023)).contains(mikro));
        invalid().header("Authorization", "Bearer " + partner).queryParam("year", "23")
                .get("/api/v1/campaigns/" + campaign + "/plausibility").then().statusCode(400);
        as(partner).queryParam("year", 2023).get("/api/v1/campaigns/NOPE_CAMPAIGN/plausibility").then().statusCode(404);
    }
}
