package id.campaignledger.progress;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.invalid;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import id.campaignledger.support.Api;
import id.campaignledger.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where exports go: an EXPORT entry names its destination country, single, in a batch or in a CSV
 * import; a reversal goes where its sale went; breakdown?by=destination adds up the maintained
 * destination totals and equals a recomputation from the entries; reconcile covers them.
 */
@QuarkusTest
class ExportDestinationApiTest {

    @Inject
    AgroalDataSource database;

    private String partner;
    private String campaign;
    private String umkm;

    @BeforeEach
    void setUp() {
        partner = Api.newPartnerKey("PARTNER");
        campaign = Fixtures.campaign();
        umkm = Fixtures.umkm("36.02.22");
    }

    private Map<String, Object> export(String ref, String amount, String country, String occurredAt) {
        Map<String, Object> body = new HashMap<>(Fixtures.sale(ref, campaign, umkm, amount));
        body.put("channel", "EXPORT");
        body.put("occurredAt", occurredAt);
        if (country != null) {
            body.put("destinationCountry", country);
        }
        return body;
    }

    @Test
    void anExportNamesItsDestinationAndAReversalGoesWhereItsSaleWent() {
        String id = as(partner).body(export("x-1", "2500000.00", "SG", "2023-03-10T10:00:00+07:00"))
                .post("/api/v1/transactions").then().statusCode(201)
                .body("destinationCountry", equalTo("SG")).extract().path("id");
        as(partner).get("/api/v1/transactions/" + id).then().statusCode(200).body("destinationCountry", equalTo("SG"));
        as(partner).body(Map.of("externalRef", "x-1-r", "amount", "500000.00", "reason", "returned"))
                .post("/api/v1/transactions/" + id + "/reversals").then().statusCode(201)
                .body("destinationCountry", equalTo("SG")).body("amountIdr", equalTo("-500000.00"));
        String plain = as(partner).body(export("x-2", "100.00", null, "2023-03-10T10:00:00+07:00"))
                .post("/api/v1/transactions").then().statusCode(201).extract().path("id");
        as(partner).get("/api/v1/transactions/" + plain).then().statusCode(200)
                .body("destinationCountry", equalTo(null));
        // The same reference with another destination is another request.
        as(partner).body(export("x-1", "2500000.00", "JP", "2023-03-10T10:00:00+07:00"))
                .post("/api/v1/transactions").then().statusCode(409);
    }

    @Test
    void aDestinationThatIsNoAssignedCountryOrOnAnotherChannelIsRefusedAndNothingIsWritten() {
        as(partner).body(export("bad-1", "100.00", "XK", "2023-03-10T10:00:00+07:00"))
                .post("/api/v1/transactions").then().statusCode(400)
                .body("errors[0].field", equalTo("destinationCountry"));
        Map<String, Object> qris = export("bad-2", "100.00", "SG", "2023-03-10T10:00:00+07:00");
        qris.put("channel", "QRIS");
        as(partner).body(qris).post("/api/v1/transactions").then().statusCode(400)
                .body("errors[0].field", equalTo("destinationCountry"));
        invalid().header("Authorization", "Bearer " + partner).contentType("application/json")
                .body(export("bad-3", "100.00", "sg", "2023-03-10T10:00:00+07:00"))
                .post("/api/v1/transactions").then().statusCode(400)
                .body("errors[0].field", equalTo("destinationCountry"));
        asAdmin().queryParam("campaign", campaign).get("/api/v1/admin/reconcile").then().statusCode(200)
                .body("consistent", equalTo(true));
        as(partner).queryParam("campaign", campaign).get("/api/v1/transactions").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void batchesAndCsvImportsCarryDestinationsAndTheBreakdownEqualsTheEntries() throws SQLException {
        as(partner).body(Map.of("items", List.of(
                export("b-1", "1000000.00", "JP", "2023-01-31T23:30:00+07:00"),
                export("b-2", "2000000.00", "KR", "2023-02-01T00:30:00+07:00"),
                export("b-3", "3000000.00", "JP", "2023-02-15T09:00:00+07:00"),
                export("b-4", "4000000.00", null, "2023-02-15T09:00:00+07:00"))))
                .post("/api/v1/transactions/batch").then().statusCode(200).body("created", equalTo(4));
        String csv = """
                externalRef,campaign,umkmId,amount,currency,fxRateToIdr,channel,occurredAt,metadata,destinationCountry
                c-1,%1$s,%2$s,250.00,EUR,17000,EXPORT,2023-03-01T09:00:00+07:00,,NL
                c-2,%1$s,%2$s,700000.00,IDR,,EXPORT,2023-04-20T09:00:00+07:00,,DE
                c-3,%1$s,%2$s,800000.00,IDR,,QRIS,2023-04-20T09:00:00+07:00,,DE
                c-4,%1$s,%2$s,900000.00,IDR,,EXPORT,2023-04-21T09:00:00+07:00,,
                """.formatted(campaign, umkm);
        as(partner).contentType("text/csv").body(csv).post("/api/v1/transactions/import").then().statusCode(200)
                .body("created", equalTo(3)).body("rejected", equalTo(1))
                .body("results[2].problem.errors[0].field", equalTo("destinationCountry"));
        String sale = as(partner).queryParam("campaign", campaign).queryParam("limit", 100)
                .get("/api/v1/transactions").then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.externalRef == 'b-3' }.id");
        as(partner).body(Map.of("externalRef", "b-3-r", "reason", "cancelled", "occurredAt",
                "2023-03-02T09:00:00+07:00")).post("/api/v1/transactions/" + sale + "/reversals")
                .then().statusCode(201);

        // Whole campaign, whole months, part months with edge days on both sides, one day.
        for (String[] period : new String[][] { { null, null }, { "2023-02-01", "2023-03-31" },
                { "2023-01-31", "2023-03-01" }, { "2023-02-01", "2023-02-01" }, { "2023-03-02", "2023-12-31" } }) {
            assertEquals(recomputed(period[0], period[1]), breakdown(period[0], period[1]),
                    "period " + period[0] + " .. " + period[1]);
        }
        JsonPath all = asAdmin().queryParam("by", "destination").get("/api/v1/campaigns/" + campaign + "/breakdown")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("Japan", all.getString("rows.find { it.key == 'JP' }.label"));
        assertEquals("1000000.00", all.getString("rows.find { it.key == 'JP' }.amountIdr"));
        assertEquals(2, all.getInt("rows.find { it.key == 'JP' }.transactionCount"));
        asAdmin().queryParam("campaign", campaign).get("/api/v1/admin/reconcile").then().statusCode(200)
                .body("consistent", equalTo(true));
    }

    private Map<String, String> breakdown(String from, String to) {
        var request = asAdmin().queryParam("by", "destination");
        if (from != null) {
            request = request.queryParam("from", from).queryParam("to", to);
        }
        JsonPath body = request.get("/api/v1/campaigns/" + campaign + "/breakdown").then().statusCode(200)
                .extract().jsonPath();
        Map<String, String> rows = new TreeMap<>();
        List<Map<String, Object>> list = body.getList("rows");
        for (Map<String, Object> row : list) {
            rows.put((String) row.get("key"), row.get("amountIdr") + "/" + row.get("transactionCount"));
        }
        return rows;
    }

    private Map<String, String> recomputed(String from, String to) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement("""
                select destination_country, sum(amount_idr), count(*) filter (where kind = 'SALE')
                  from ledger_entry e join campaign k on k.id = e.campaign_id
                 where k.code = ? and destination_country is not null
                   and (?::date is null or (occurred_at at time zone 'Asia/Jakarta')::date between ?::date and ?::date)
                 group by 1""")) {
            s.setString(1, campaign);
            s.setString(2, from);
            s.setString(3, from);
            s.setString(4, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getString(1), r.getBigDecimal(2).setScale(2).toPlainString() + "/" + r.getLong(3));
                }
            }
        }
        return rows;
    }
}
