package id.campaignledger.region;

import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.invalid;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reference regions of Kepmendagri 300.2.2-2138/2025 through the public, cached region API. */
@QuarkusTest
class RegionApiTest {

    @Inject
    AgroalDataSource database;

    @Test
    void theApiCounts38Provinces514RegenciesAnd7285Districts() {
        assertEquals(38, given().get("/api/v1/regions?level=province&limit=1").then().statusCode(200)
                .extract().<Integer>path("total"));
        assertEquals(514, given().get("/api/v1/regions?level=regency&limit=1").then().statusCode(200)
                .extract().<Integer>path("total"));
        assertEquals(7285, given().get("/api/v1/regions?level=district&limit=1").then().statusCode(200)
                .extract().<Integer>path("total"));
    }

    @Test
    void pagingThroughTheDistrictsOfAProvinceYieldsEachOnceInCodeOrder() throws SQLException {
        Set<String> seen = new HashSet<>();
        String cursor = null;
        String previous = "";
        int pages = 0;
        do {
            var request = given().queryParam("parent", "32").queryParam("level", "district").queryParam("limit", 100);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/api/v1/regions");
            page.then().statusCode(200);
            List<String> codes = page.path("items.code");
            for (String code : codes) {
                assertTrue(code.compareTo(previous) > 0, code + " after " + previous);
                assertTrue(seen.add(code));
                previous = code;
            }
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            long districts = count(s, "select count(*) from region where level = 3 and code like '32.%'");
            assertEquals(districts, seen.size());
            assertEquals((districts + 99) / 100, pages);
        }
    }

    @Test
    void theDatabaseHoldsTheDecreesRegionsWithOfficialNamesAndKeepsEarlierRows() throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            assertEquals(38, count(s, "select count(*) from region where level = 1"));
            assertEquals(514, count(s, "select count(*) from region where level = 2"));
            assertEquals(7285, count(s, "select count(*) from region where level = 3"));
            assertEquals(1, count(s, "select count(*) from region where code = '31' and name = 'Daerah Khusus Ibukota Jakarta'"));
            // V1 called it 'DKI Jakarta': the rename is recorded, the code and what references it stay.
            assertEquals(1, count(s, """
                    select count(*) from region_change
                     where kind = 'RENAME' and old_code = '31' and old_name = 'DKI Jakarta'
                       and new_name = 'Daerah Khusus Ibukota Jakarta'
                    """));
            assertEquals(1, count(s, "select count(*) from region where code = '35.29.22' and name = 'Ra\"as'"));
        }
    }

    @Test
    void sobangIsADistrictOfLebakInBantenWithItsAncestors() {
        given().get("/api/v1/regions/36.02.22").then().statusCode(200)
                .body("name", equalTo("Sobang"))
                .body("level", equalTo("district"))
                .body("parentCode", equalTo("36.02"))
                .body("ancestors.code", equalTo(List.of("36", "36.02")))
                .body("ancestors.name", equalTo(List.of("Banten", "Kabupaten Lebak")));
        given().get("/api/v1/regions?q=sobang").then().statusCode(200)
                .body("items.code", hasItem("36.02.22"));
        given().get("/api/v1/regions?parent=36.02&q=sobang").then().statusCode(200)
                .body("items.code", equalTo(List.of("36.02.22")));
    }

    @Test
    void withoutLevelTheListShowsTheLevelBelowTheParent() {
        given().get("/api/v1/regions").then().statusCode(200).body("total", equalTo(38))
                .body("items[0].code", equalTo("11")).body("nextCursor", equalTo(null));
        given().get("/api/v1/regions?parent=36").then().statusCode(200).body("total", equalTo(8))
                .body("items.code", hasItem("36.74")).body("items[1].childCount", equalTo(28));
        given().get("/api/v1/regions?parent=31.71").then().statusCode(200)
                .body("items[0].code", startsWith("31.71."));
        given().get("/api/v1/regions?parent=36&level=district&limit=1").then().statusCode(200)
                .body("items[0].code", equalTo("36.01.01"));
    }

    @Test
    void answersAreCachedWithAnETagAndCarryTheOdblAttribution() {
        Response first = given().get("/api/v1/regions?parent=36");
        first.then().statusCode(200)
                .header("Cache-Control", org.hamcrest.Matchers.containsString("max-age=3600"))
                .header("Link", org.hamcrest.Matchers.containsString("opendatacommons.org/licenses/odbl"))
                .body("attribution.licence", equalTo("ODbL-1.0"))
                .body("attribution.version", equalTo("4.0.1"));
        String etag = first.header("ETag");
        assertNotNull(etag);
        given().header("If-None-Match", etag).get("/api/v1/regions?parent=36").then().statusCode(304);
        given().header("If-None-Match", etag).get("/api/v1/regions/36.02.22").then().statusCode(304);
        given().header("If-None-Match", "W/\"other\"").get("/api/v1/regions/36.02.22").then().statusCode(200);
    }

    @Test
    void badParametersAreProblemsAndUnknownRegionsAreNotFound() {
        invalid().get("/api/v1/regions?level=village").then().statusCode(400);
        invalid().get("/api/v1/regions?parent=3602").then().statusCode(400);
        invalid().get("/api/v1/regions?limit=1001").then().statusCode(400);
        given().get("/api/v1/regions?parent=99").then().statusCode(404);
        given().get("/api/v1/regions/36.02.99").then().statusCode(404);
    }

    @Test
    void umkmRegisterInJakartaPusatAndInSobang() {
        asAdmin().body(Map.of("name", "Kopi Gambir", "regionCode", "31.71", "scale", "KECIL", "nib", Fixtures.nib()))
                .post("/api/v1/umkm").then().statusCode(201)
                .body("regionName", equalTo("Kota Administrasi Jakarta Pusat"));
        asAdmin().body(Map.of("name", "Gula Aren Sobang", "regionCode", "36.02.22", "scale", "MIKRO", "nib",
                Fixtures.nib())).post("/api/v1/umkm").then().statusCode(201)
                .body("regionName", equalTo("Sobang"));
    }

    @Test
    void aTargetMayBeScopedToADistrict() {
        String campaign = Fixtures.campaign();
        asAdmin().body(Map.of("metric", "TRANSACTION_VALUE", "amount", "1000000.00", "regionCode", "36.02.22",
                "periodStart", "2023-01-01", "periodEnd", "2023-12-31"))
                .post("/api/v1/campaigns/" + campaign + "/targets").then().statusCode(201)
                .body("regionName", equalTo("Sobang"));
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
