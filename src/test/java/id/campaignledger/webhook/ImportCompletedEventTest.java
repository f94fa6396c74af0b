package id.campaignledger.webhook;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.campaignledger.support.Fixtures;
import id.campaignledger.webhook.Receiver.Received;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * import.completed end to end: a CSV import job worked by the background worker announces its end
 * to the importing partner's subscription, signed (checked with the receiver's own HMAC code) and
 * shaped as x-webhooks in openapi.yaml says.
 */
@QuarkusTest
class ImportCompletedEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER =
            "externalRef,campaign,umkmId,nib,amount,currency,fxRateToIdr,channel,occurredAt,metadata\n";

    @Inject
    Dispatcher dispatcher;

    private TestClock clock;
    private Receiver receiver;
    private final List<String> subscriptions = new ArrayList<>();

    @BeforeEach
    void receiverAndClock() throws Exception {
        clock = new TestClock();
        QuarkusMock.installMockForType(clock, WebhookClock.class);
        receiver = new Receiver();
    }

    @AfterEach
    void removeSubscriptions() {
        receiver.close();
        subscriptions.forEach(id -> asAdmin().delete("/api/v1/webhooks/" + id));
    }

    @Test
    void aFinishedImportJobIsAnnouncedOnceToItsPartnerWithItsCounts() throws Exception {
        String partner = newPartnerKey("PARTNER");
        String bystander = newPartnerKey("PARTNER");
        String secret = subscribe(partner);
        try (Receiver other = new Receiver()) {
            subscriptions.add(as(bystander).body(Map.of("url", other.url(), "eventTypes", List.of("import.completed")))
                    .post("/api/v1/webhooks").then().statusCode(201).extract().path("id"));
            String campaign = Fixtures.campaign();
            String umkm = Fixtures.umkm("36.02");
            String run = UUID.randomUUID().toString().substring(0, 8);
            StringBuilder csv = new StringBuilder(HEADER);
            for (int i = 0; i < 1_500; i++) { // two chunks; rows 7, 107, ... rejected: 15
                String amount = i % 100 == 7 ? "-1" : "10.00";
                csv.append("imp-").append(run).append('-').append(i).append(',').append(campaign).append(',')
                        .append(umkm).append(",,").append(amount).append(",IDR,,QRIS,2023-06-01T10:00:00+07:00,\n");
            }
            String location = as(partner).contentType("text/csv").body(csv.toString()).post("/api/v1/imports")
                    .then().statusCode(202).extract().header("Location");
            JsonPath job = awaitFinished(partner, location);
            assertEquals("done", job.getString("state"));

            List<Received> got = deliverAll();
            assertEquals(1, got.size(), "one event for one finished job: " + got);
            Received r = got.get(0);
            assertTrue(Receiver.signedWith(r, secret), "the receiver's own HMAC check: " + r.signature());
            WebhookPayloads.check(r.body());
            JsonNode body = JSON.readTree(r.body());
            assertEquals("import.completed", body.get("type").asText());
            JsonNode data = body.get("data");
            assertEquals(job.getString("id"), data.get("importId").asText());
            assertEquals("done", data.get("state").asText());
            assertEquals(1_485, data.get("created").asLong());
            assertEquals(0, data.get("replayed").asLong());
            assertEquals(15, data.get("rejected").asLong());
            assertEquals(Instant.parse(job.getString("finishedAt").replace("+07:00", "Z")).getEpochSecond(),
                    java.time.OffsetDateTime.parse(data.get("completedAt").asText()).toInstant().getEpochSecond());
            assertTrue(other.received().isEmpty(), "another partner's subscription hears nothing of this import");
        }
    }

    private String subscribe(String key) {
        JsonPath created = as(key).body(Map.of("url", receiver.url(), "eventTypes", List.of("import.completed")))
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath();
        subscriptions.add(created.getString("id"));
        return created.getString("secret");
    }

    /** Runs the dispatcher until nothing more is due, and returns what the receiver got. */
    private List<Received> deliverAll() throws InterruptedException {
        clock.catchUp();
        for (int i = 0; i < 50 && dispatcher.dispatchDue() > 0; i++) {
            // each pass attempts what is due
        }
        return receiver.received();
    }

    /** The job is worked in the background: the test can only wait for its state to change. */
    private static JsonPath awaitFinished(String partner, String location) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            JsonPath job = as(partner).get(location).then().statusCode(200).extract().jsonPath();
            if (!List.of("queued", "running").contains(job.getString("state"))) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the import job did not finish in time: " + location);
    }
}
