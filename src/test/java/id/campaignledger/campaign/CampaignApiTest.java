package id.campaignledger.campaign;

import static id.campaignledger.campaign.CampaignFixtures.asAdminBreakingTheContract;
import static id.campaignledger.campaign.CampaignFixtures.campaignBody;
import static id.campaignledger.campaign.CampaignFixtures.createCampaign;
import static id.campaignledger.campaign.CampaignFixtures.target;
import static id.campaignledger.campaign.CampaignFixtures.uniqueCode;
import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.invalid;
import static id.campaignledger.support.Api.newPartnerKey;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Campaigns: creating, listing, updating and who may write them. Targets are in {@link TargetApiTest}. */
@QuarkusTest
class CampaignApiTest {

    @Inject
    AgroalDataSource database;

    @Test
    void anAdminCreatesACampaignAndEveryoneCanReadIt() {
        String code = uniqueCode("BBI");
        ExtractableResponse<Response> created = asAdmin().body(campaignBody(code, "2023-01-01", null))
                .post("/api/v1/campaigns")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/campaigns/" + code))
                .body("code", equalTo(code))
                .body("name", equalTo("Bangga Buatan Indonesia"))
                .body("description", equalTo("National movement to buy Indonesian-made products."))
                .body("startsOn", equalTo("2023-01-01"))
                .body("endsOn", nullValue())
                .body("createdAt", notNullValue())
                .extract();
        assertEquals((String) created.path("createdAt"), created.path("updatedAt"));

        String viewer = newPartnerKey("VIEWER");
        as(viewer).get(created.header("Location")).then().statusCode(200)
                .body("code", equalTo(code))
                .body("createdAt", equalTo(created.path("createdAt")));
        as(newPartnerKey("PARTNER")).get("/api/v1/campaigns/" + code).then().statusCode(200);
        as(viewer).get("/api/v1/campaigns").then().statusCode(200)
                .body("items.code", hasItem(code));
    }

    @Test
    void campaignsAreListedByCode() {
        String stem = uniqueCode("ORDER");
        for (String suffix : List.of("C", "A", "B")) {
            asAdmin().body(campaignBody(stem + suffix, "2023-01-01", null)).post("/api/v1/campaigns")
                    .then().statusCode(201);
        }
        List<String> codes = asAdmin().get("/api/v1/campaigns").then().statusCode(200).extract().path("items.code");
        assertEquals(new ArrayList<>(new TreeSet<>(codes)), codes);
        List<String> mine = codes.stream().filter(c -> c.startsWith(stem)).toList();
        assertEquals(List.of(stem + "A", stem + "B", stem + "C"), mine);
    }

    @Test
    void anAdminUpdatesNameDescriptionAndDates() {
        String code = createCampaign("2023-01-01", null);
        Map<String, Object> update = new HashMap<>();
        update.put("name", "Bangga Berwisata di Indonesia");
        update.put("description", null);
        update.put("startsOn", "2023-02-01");
        update.put("endsOn", "2023-12-31");
        asAdmin().body(update).put("/api/v1/campaigns/" + code)
                .then().statusCode(200)
                .body("code", equalTo(code))
                .body("name", equalTo("Bangga Berwisata di Indonesia"))
                .body("description", nullValue())
                .body("startsOn", equalTo("2023-02-01"))
                .body("endsOn", equalTo("2023-12-31"));
        asAdmin().get("/api/v1/campaigns/" + code).then().statusCode(200)
                .body("name", equalTo("Bangga Berwisata di Indonesia"))
                .body("endsOn", equalTo("2023-12-31"));
    }

    @Test
    void aDuplicateCodeIsAConflict() {
        String code = createCampaign("2023-01-01", null);
        asAdmin().body(campaignBody(code, "2024-01-01", null)).post("/api/v1/campaigns")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString(code));
    }

    @Test
    void anEndBeforeTheStartIsAValidationErrorOnEndsOn() {
        asAdmin().body(campaignBody(uniqueCode("BBI"), "2023-06-01", "2023-05-31")).post("/api/v1/campaigns")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:campaign-ledger:problem:validation"))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("endsOn"));

        String code = createCampaign("2023-01-01", null);
        asAdmin().body(Map.of("name", "BBI", "startsOn", "2023-06-01", "endsOn", "2023-01-01"))
                .put("/api/v1/campaigns/" + code)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("endsOn"));
        asAdmin().body(campaignBody(uniqueCode("BBI"), "2023-06-01", "2023-06-01")).post("/api/v1/campaigns")
                .then().statusCode(201);
    }

    @Test
    void malformedCampaignsAreRefusedByField() {
        asAdminBreakingTheContract()
                .body(campaignBody("bbi lower", "2023-01-01", null)).post("/api/v1/campaigns")
                .then().statusCode(400).body("errors[0].field", equalTo("code"));
        Map<String, Object> blank = campaignBody(uniqueCode("BBI"), "2023-01-01", null);
        blank.put("name", "   ");
        asAdmin().body(blank).post("/api/v1/campaigns")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        Map<String, Object> noStart = campaignBody(uniqueCode("BBI"), "2023-01-01", null);
        noStart.remove("startsOn");
        asAdminBreakingTheContract()
                .body(noStart).post("/api/v1/campaigns")
                .then().statusCode(400).body("errors[0].field", equalTo("startsOn"));
        Map<String, Object> extra = campaignBody(uniqueCode("BBI"), "2023-01-01", null);
        extra.put("budget", "1000");
        asAdminBreakingTheContract()
                .body(extra).post("/api/v1/campaigns")
                .then().statusCode(400).body("errors[0].field", equalTo("budget"));
    }

    @Test
    void anUnknownCampaignIsNotFound() {
        String code = uniqueCode("NOPE");
        asAdmin().get("/api/v1/campaigns/" + code).then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString(code));
        asAdmin().body(Map.of("name", "x", "startsOn", "2023-01-01")).put("/api/v1/campaigns/" + code)
                .then().statusCode(404);
        asAdmin().get("/api/v1/campaigns/" + code + "/targets").then().statusCode(404);
        asAdmin().body(target("TRANSACTION_VALUE", "1000.00", null)).post("/api/v1/campaigns/" + code + "/targets")
                .then().statusCode(404);
    }

    @Test
    void onlyAnAdminWritesCampaigns() {
        String partner = newPartnerKey("PARTNER");
        as(partner).body(campaignBody(uniqueCode("BBI"), "2023-01-01", null)).post("/api/v1/campaigns")
                .then().statusCode(403)
                .body("type", equalTo("urn:campaign-ledger:problem:forbidden"));
        String code = createCampaign("2023-01-01", null);
        as(newPartnerKey("VIEWER")).body(Map.of("name", "x", "startsOn", "2023-01-01"))
                .put("/api/v1/campaigns/" + code).then().statusCode(403);
        invalid().get("/api/v1/campaigns").then().statusCode(401);
    }

    @Test
    void newDatesMustStillCoverRecordedEntriesInJakartaTime() throws SQLException {
        String code = createCampaign("2023-01-01", null);
        // 00:30 in Jakarta on 1 June is still 31 May in UTC: the ledger's zone decides the day.
        recordEntry(code, OffsetDateTime.parse("2023-06-01T00:30:00+07:00"));
        recordEntry(code, OffsetDateTime.parse("2023-06-30T23:30:00+07:00"));

        asAdmin().body(Map.of("name", "BBI", "startsOn", "2023-06-02")).put("/api/v1/campaigns/" + code)
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:campaign-ledger:problem:rule-violation"))
                .body("detail", containsString("2023-06-01"));
        asAdmin().body(Map.of("name", "BBI", "startsOn", "2023-01-01", "endsOn", "2023-06-29"))
                .put("/api/v1/campaigns/" + code)
                .then().statusCode(422)
                .body("detail", containsString("2023-06-30"));
        asAdmin().body(Map.of("name", "BBI", "startsOn", "2023-06-01", "endsOn", "2023-06-30"))
                .put("/api/v1/campaigns/" + code)
                .then().statusCode(200)
                .body("startsOn", equalTo("2023-06-01"))
                .body("endsOn", equalTo("2023-06-30"));
    }

    /** Writes an entry straight to the table, as the transaction API would, to test the campaign rule alone. */
    private void recordEntry(String campaignCode, OffsetDateTime occurredAt) throws SQLException {
        try (Connection c = database.getConnection()) {
            int partnerId;
            try (PreparedStatement s = c.prepareStatement("insert into partner (code, name, kind, roles) "
                    + "values (?, 'Campaign test', 'OTHER', array['PARTNER']) returning id")) {
                s.setString(1, "campaign-test-" + UUID.randomUUID().toString().substring(0, 8));
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    partnerId = r.getInt(1);
                }
            }
            UUID umkmId = UUID.randomUUID();
            try (PreparedStatement s = c.prepareStatement(
                    "insert into umkm (id, name, region_code, scale) values (?, 'Gula Aren Sobang', '36.02', 'MIKRO')")) {
                s.setObject(1, umkmId);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    insert into ledger_entry (id, partner_id, external_ref, campaign_id, umkm_id, kind, amount, currency,
                        amount_idr, channel, occurred_at, region_code, request_digest)
                    select ?, ?, 'ref-1', id, ?, 'SALE', 1000.00, 'IDR', 1000.00, 'QRIS', ?, '36.02', sha256('x'::bytea)
                      from campaign where code = ?""")) {
                s.setObject(1, UUID.randomUUID());
                s.setInt(2, partnerId);
                s.setObject(3, umkmId);
                s.setObject(4, occurredAt);
                s.setString(5, campaignCode);
                assertEquals(1, s.executeUpdate());
            }
        }
    }
}
