package id.campaignledger.imports;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.newPartnerKey;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Large CSV files as import jobs: accepted at once, worked in the background, counted exactly. */
@QuarkusTest
class ImportJobTest {

    static final String HEADER = "externalRef,campaign,umkmId,nib,amount,currency,fxRateToIdr,channel,occurredAt,metadata\n";

    @Inject
    AgroalDataSource database;

    @Inject
    Completions completions;

    /** Collects the import.completed hook's events. */
    @Singleton
    static class Completions {
        final List<ImportRecords.ImportCompleted> seen = new CopyOnWriteArrayList<>();

        void on(@Observes ImportRecords.ImportCompleted event) {
            seen.add(event);
        }
    }

    @Test
    void aLargeFileBecomesAJobWhoseCountsAndRejectionsAreExact() throws Exception {
        String partner = newPartnerKey("PARTNER");
        String campaign = Fixtures.campaign();
        String umkm = Fixtures.umkm("36.02");
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder(HEADER);
        int rows = 2_500;
        for (int i = 0; i < rows; i++) {
            String ref = i == 3 ? "=HYPERLINK(\"\"http://evil\"\")" : "job-" + run + "-" + i;
            String amount = i % 100 == 3 ? "-1" : "10.00"; // 25 rejected rows
            csv.append('"').append(ref).append("\",").append(campaign).append(',').append(umkm)
                    .append(",,").append(amount).append(",IDR,,QRIS,2023-06-01T10:00:00+07:00,\n");
        }
        String location = as(partner).contentType("text/csv").body(csv.toString()).post("/api/v1/imports")
                .then().statusCode(202).header("Location", containsString("/api/v1/imports/"))
                .extract().header("Location");
        JsonPath job = awaitDone(partner, location);
        assertEquals("done", job.getString("state"));
        assertEquals(rows, job.getLong("linesTotal"));
        assertEquals(rows, job.getLong("linesRead"));
        assertEquals(25, job.getLong("rejected"));
        assertEquals(rows - 25, job.getLong("created"));
        assertEquals(rows - 25, count("select count(*) from ledger_entry where external_ref like 'job-" + run + "-%'"));

        String id = job.getString("id");
        JsonPath page = as(partner).queryParam("limit", 10).get(location + "/rejections").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(10, page.getList("items").size());
        assertEquals(5L, page.getLong("items[0].line")); // data row 3 is line 5 (the header is line 1)
        assertTrue(page.getString("nextCursor") != null);
        String spreadsheet = as(partner).accept("text/csv").get(location + "/rejections").then().statusCode(200)
                .extract().asString();
        assertEquals(26, spreadsheet.split("\r\n").length, spreadsheet.substring(0, 300)); // header + 25
        assertTrue(spreadsheet.contains("'=HYPERLINK("), "a formula is written as text");
        assertTrue(!spreadsheet.contains(",=HYPERLINK("), "no cell starts with a formula");

        as(newPartnerKey("PARTNER")).get(location).then().statusCode(404);
        assertTrue(completions.seen.stream().anyMatch(e -> e.jobId().toString().equals(id) && e.rejected() == 25),
                "import.completed hook: " + completions.seen);
    }

    @Test
    void theSynchronousImportRefusesMoreThanItsLimitAndWritesNothing() throws Exception {
        String partner = newPartnerKey("PARTNER");
        String campaign = Fixtures.campaign();
        String umkm = Fixtures.umkm("36.02");
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i <= 10_000; i++) {
            csv.append("sync-").append(run).append('-').append(i).append(',').append(campaign).append(',').append(umkm)
                    .append(",,10.00,IDR,,QRIS,2023-06-01T10:00:00+07:00,\n");
        }
        as(partner).contentType("text/csv").body(csv.toString()).post("/api/v1/transactions/import")
                .then().statusCode(413).body("detail", containsString("/api/v1/imports"));
        assertEquals(0, count("select count(*) from ledger_entry where external_ref like 'sync-" + run + "-%'"));
    }

    private static JsonPath awaitDone(String partner, String location) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            JsonPath job = as(partner).get(location).then().statusCode(200).extract().jsonPath();
            if (List.of("done", "failed").contains(job.getString("state")) || Instant.now().isAfter(deadline)) {
                return job;
            }
            Thread.sleep(200);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

}
