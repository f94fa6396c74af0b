package id.campaignledger.webhook;

import static id.campaignledger.operations.Management.management;
import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Api.uniqueCode;
import static id.campaignledger.support.Fixtures.sale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.campaignledger.support.Api;
import id.campaignledger.webhook.Receiver.Received;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Which events reach which subscriber, signed and as documented; secret rotation, redelivery,
 * messages committed with their facts only, the backlog metric and who sees a secret. What a
 * receiver's answer does to a delivery is in {@link DeliveryOutcomesTest}.
 */
@QuarkusTest
class WebhookDeliveryTest extends WebhookTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebhookMetrics metrics;

    @Inject
    ImportEvents importEvents;

    @Inject
    AgroalDataSource database;

    @Test
    void salesAndReversalsReachTheOwningPartnerSignedAndAsDocumented() throws Exception {
        Subscription mine = subscribe(partner, receiver.url(), "transaction.recorded", "transaction.reversed");
        try (Receiver other = new Receiver(); Receiver admins = new Receiver()) {
            subscribe(newPartnerKey("PARTNER"), other.url(), "transaction.recorded", "transaction.reversed");
            subscribe(Api.ADMIN_KEY, admins.url(), "transaction.recorded");
            String sale = postSale("150000.00");
            String reversal = as(partner).body(Map.of("externalRef", uniqueCode("r"), "amount", "50000.00",
                    "reason", "returned")).post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201)
                    .extract().path("id");
            clock.catchUp();
            dispatch();

            List<Received> got = receiver.received();
            assertEquals(2, got.size(), "one message per entry");
            for (Received r : got) {
                assertTrue(Receiver.signedWith(r, mine.secret()), "signature verifies: " + r.signature());
                assertEquals(1, r.signature().split(" ").length);
                assertEquals(clock.now().getEpochSecond(), Long.parseLong(r.timestamp()));
                WebhookPayloads.check(r.body());
            }
            Map<String, JsonNode> byType = new HashMap<>();
            for (Received r : got) {
                JsonNode body = JSON.readTree(r.body());
                byType.put(body.get("type").asText(), body.get("data"));
            }
            assertSameEntry(sale, byType.get("transaction.recorded"));
            assertSameEntry(reversal, byType.get("transaction.reversed"));
            assertTrue(other.received().isEmpty(), "another partner learns nothing of these entries");
            assertTrue(admins.received().isEmpty(), "transaction events go to the owning partner only");
        }
        JsonPath list = deliveries(mine);
        assertEquals(List.of("DELIVERED", "DELIVERED"), list.getList("items.status"));
        assertEquals(List.of(1, 1), list.getList("items.attempts"));
        assertEquals(204, list.getInt("items[0].attemptLog[0].statusCode"));
        List<String> ids = receiver.received().stream().map(Received::id).sorted().toList();
        assertEquals(ids, list.<String>getList("items.id").stream().sorted().toList(),
                "webhook-id is the delivery's id");
    }

    /** The payload's data is the entry as the API shows it. */
    private void assertSameEntry(String id, JsonNode data) throws Exception {
        JsonNode api = JSON.readTree(as(partner).get("/api/v1/transactions/" + id).then().statusCode(200).extract()
                .asString());
        assertNotNull(data, "an event for " + id);
        List<String> names = new ArrayList<>();
        api.fieldNames().forEachRemaining(names::add);
        List<String> dataNames = new ArrayList<>();
        data.fieldNames().forEachRemaining(dataNames::add);
        assertEquals(names.stream().sorted().toList(), dataNames.stream().sorted().toList());
        for (String name : names) {
            if (name.endsWith("At")) {
                assertEquals(Instant.parse(api.get(name).asText().replace("+07:00", "Z")).getEpochSecond() / 1,
                        java.time.OffsetDateTime.parse(data.get(name).asText()).toInstant().getEpochSecond(), name);
            } else {
                assertEquals(api.get(name), data.get(name), name);
            }
        }
    }

    @Test
    void aRotatedSecretSignsBesideTheOldOneUntilTheGracePeriodEnds() throws Exception {
        Subscription s = subscribe(partner, receiver.url(), "transaction.recorded");
        JsonPath rotated = as(partner).body(Map.of("graceSeconds", 3600))
                .post("/api/v1/webhooks/" + s.id() + "/secret/rotate").then().statusCode(200).extract().jsonPath();
        String newSecret = rotated.getString("secret");
        assertFalse(newSecret.equals(s.secret()));
        postSale("10.00");
        clock.catchUp();
        dispatch();
        Received during = receiver.received().get(0);
        assertEquals(2, during.signature().split(" ").length, "both signatures during the grace period");
        assertTrue(Receiver.signedWith(during, s.secret()), "the old secret still verifies");
        assertTrue(Receiver.signedWith(during, newSecret), "the new secret verifies");

        clock.advance(Duration.ofSeconds(3601));
        postSale("11.00");
        dispatch();
        Received after = receiver.received().get(1);
        assertEquals(1, after.signature().split(" ").length);
        assertTrue(Receiver.signedWith(after, newSecret));
        assertFalse(Receiver.signedWith(after, s.secret()), "the old secret no longer signs");
    }

    @Test
    void aDeliveryCanBeSentAgainUnderItsOwnWebhookId() throws Exception {
        Subscription s = subscribe(partner, receiver.url(), "transaction.recorded");
        postSale("10.00");
        clock.catchUp();
        dispatch();
        String id = deliveries(s).getString("items[0].id");
        as(partner).post("/api/v1/webhooks/" + s.id() + "/deliveries/" + id + "/redeliver").then().statusCode(202)
                .body("status", org.hamcrest.Matchers.equalTo("PENDING"));
        dispatch();
        assertEquals(List.of(id, id), receiver.received().stream().map(Received::id).toList());
        assertEquals(receiver.received().get(0).body(), receiver.received().get(1).body(), "the same body");
        assertEquals(2, deliveries(s).getInt("items[0].attempts"));
        as(partner).post("/api/v1/webhooks/" + s.id() + "/deliveries/" + UUID.randomUUID() + "/redeliver").then()
                .statusCode(404);
    }

    @Test
    void messagesCommitWithTheirEntriesOnly() throws Exception {
        Subscription s = subscribe(partner, receiver.url(), "transaction.recorded", "transaction.reversed");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(sale(uniqueCode("b"), campaign, umkm, "10.00"));
        }
        Map<String, Object> bad = sale(uniqueCode("b"), campaign, umkm, "10.00");
        bad.put("currency", "EUR"); // without a rate: refused alone
        items.add(bad);
        as(partner).body(Map.of("items", items)).post("/api/v1/transactions/batch").then().statusCode(200)
                .body("created", org.hamcrest.Matchers.equalTo(5));
        // Replays write nothing, so they announce nothing.
        as(partner).body(Map.of("items", items.subList(0, 5))).post("/api/v1/transactions/batch").then()
                .statusCode(200).body("replayed", org.hamcrest.Matchers.equalTo(5));
        String sale = postSale("10.00");
        as(partner).body(Map.of("externalRef", uniqueCode("r"), "amount", "99.00", "reason", "too much"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(422);
        assertEquals(6L, count("select coalesce(sum(cardinality(entry_ids)), 0) from webhook_entry_event"
                + " where subscription_id = '" + s.id() + "'"), "the outbox holds the committed entries only");
        assertEquals(2L, count("select count(*) from webhook_entry_event where subscription_id = '" + s.id() + "'"),
                "one outbox row per inserting statement: the batch's five entries, the sale");
        // No dispatcher ran: the list writes the messages of its subscription's rows before it reads.
        assertEquals(6, deliveries(s).getList("items").size(), "one message per committed entry, none for refusals");
        assertEquals(0L, count("select count(*) from webhook_entry_event where subscription_id = '" + s.id() + "'"));
        assertEquals(6L, count("select count(*) from ledger_entry e join partner p on p.id = e.partner_id"
                + " join webhook_subscription s on s.partner_id = p.id where s.id = '" + s.id() + "'"));
    }

    @Test
    void targetRevisionsAndCompletedImportsAreAnnounced() throws Exception {
        Subscription revisions = subscribe(Api.ADMIN_KEY, receiver.url(), "target.revised");
        Map<String, Object> target = new HashMap<>(Map.of("metric", "TRANSACTION_VALUE", "amount", "1000.00",
                "periodStart", "2023-01-01", "periodEnd", "2023-12-31"));
        String targetId = asAdmin().body(target).post("/api/v1/campaigns/" + campaign + "/targets").then()
                .statusCode(201).extract().path("id");
        target.put("amount", "2000.00");
        target.put("reason", "raised");
        asAdmin().body(target).put("/api/v1/campaigns/" + campaign + "/targets/" + targetId).then().statusCode(200);
        clock.catchUp();
        dispatch();
        List<JsonNode> revised = new ArrayList<>();
        for (Received r : receiver.received()) {
            assertTrue(Receiver.signedWith(r, revisions.secret()));
            WebhookPayloads.check(r.body());
            JsonNode body = JSON.readTree(r.body());
            if (body.at("/data/targetId").asText().equals(targetId)) {
                revised.add(body.get("data"));
            }
        }
        assertEquals(1, revised.size(), "the revision is announced, the creation is not");
        assertEquals(2, revised.get(0).get("version").asInt());
        assertEquals("2000.00", revised.get(0).get("amount").asText());
        assertEquals("raised", revised.get(0).get("reason").asText());

        receiver.forget();
        Subscription imports = subscribe(partner, receiver.url(), "import.completed");
        String code = asAdmin().get("/api/v1/webhooks/" + imports.id()).then().extract().path("partner");
        int partnerId = (int) count("select id from partner where code = '" + code + "'");
        ImportEvents.ImportCompleted done = new ImportEvents.ImportCompleted(UUID.randomUUID(), code, "done", 998, 1, 1,
                null, clock.now().minusSeconds(30), clock.now());
        assertThrows(TransactionalException.class, () -> importEvents.completed(partnerId, done),
                "only inside the transaction that records the import as complete");
        QuarkusTransaction.requiringNew().run(() -> importEvents.completed(partnerId, done));
        clock.catchUp();
        dispatch();
        assertEquals(1, receiver.received().size());
        Received r = receiver.received().get(0);
        assertTrue(Receiver.signedWith(r, imports.secret()));
        WebhookPayloads.check(r.body());
        assertEquals(998, JSON.readTree(r.body()).at("/data/created").asInt());
    }

    @Test
    void theBacklogIsMeasured() throws Exception {
        receiver.otherwise(503);
        subscribe(partner, receiver.url(), "transaction.recorded");
        postSale("10.00");
        postSale("11.00");
        clock.catchUp();
        clock.advance(Duration.ofMinutes(1));
        metrics.refresh();
        assertTrue(metrics.backlog() >= 2, "two messages wait");
        assertTrue(metrics.oldestPendingAgeSeconds() >= 60, "the oldest waits since before the clock moved on");
        String scraped = management().get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertTrue(scraped.contains("ledger_webhook_backlog"));
        assertTrue(scraped.contains("ledger_webhook_oldest_pending_age_seconds"));
    }

    @Test
    void subscriptionsShowTheSecretOnceAndOnlyToTheirOwner() {
        JsonPath created = as(partner).body(Map.of("url", receiver.url(), "eventTypes",
                List.of("transaction.recorded", "target.milestone"), "description", "ERP"))
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        subscriptions.add(id);
        String secret = created.getString("secret");
        assertTrue(secret.startsWith("whsec_"));
        assertTrue(Base64.getDecoder().decode(secret.substring(6)).length >= 24, "at least 24 random bytes");
        String shown = as(partner).get("/api/v1/webhooks/" + id).then().statusCode(200).extract().asString();
        assertFalse(shown.contains(secret.substring(6)), "the secret is shown once");
        assertTrue(as(partner).get("/api/v1/webhooks").then().statusCode(200).extract().<List<String>>path("items.id")
                .contains(id));
        String stranger = newPartnerKey("PARTNER");
        as(stranger).get("/api/v1/webhooks/" + id).then().statusCode(404);
        assertFalse(as(stranger).get("/api/v1/webhooks").then().extract().<List<String>>path("items.id").contains(id));
        as(stranger).body(Map.of("enabled", false)).patch("/api/v1/webhooks/" + id).then().statusCode(404);
        as(stranger).delete("/api/v1/webhooks/" + id).then().statusCode(404);
        as(partner).body(Map.of("description", "ERP v2", "enabled", false)).patch("/api/v1/webhooks/" + id).then()
                .statusCode(200).body("description", org.hamcrest.Matchers.equalTo("ERP v2"))
                .body("enabled", org.hamcrest.Matchers.equalTo(false))
                .body("url", org.hamcrest.Matchers.equalTo(receiver.url()));
        Api.invalid().header("Authorization", "Bearer " + partner)
                .contentType("application/json").body(Map.of("url", receiver.url(), "eventTypes", List.of("ledger.exploded")))
                .post("/api/v1/webhooks").then().statusCode(400);
        // A partner subscribes for itself only; an administrator may subscribe for a partner.
        String code = asAdmin().get("/api/v1/webhooks/" + id).then().extract().path("partner");
        as(stranger).body(Map.of("url", receiver.url(), "eventTypes", List.of("transaction.recorded"), "partner", code))
                .post("/api/v1/webhooks").then().statusCode(403);
        String onBehalf = asAdmin().body(Map.of("url", receiver.url(), "eventTypes", List.of("transaction.recorded"),
                "partner", code)).post("/api/v1/webhooks").then().statusCode(201)
                .body("partner", org.hamcrest.Matchers.equalTo(code)).extract().path("id");
        subscriptions.add(onBehalf);
        as(partner).get("/api/v1/webhooks/" + onBehalf).then().statusCode(200);
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
