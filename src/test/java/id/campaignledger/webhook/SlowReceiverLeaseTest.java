package id.campaignledger.webhook;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Api.uniqueCode;
import static id.campaignledger.support.Fixtures.sale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.support.Fixtures;
import id.campaignledger.webhook.Receiver.Received;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Leases. A receiver so slow that a pass's lease would run out before its last messages are sent:
 * those go back unsent, due at once and with no attempt counted, instead of being sent when another
 * replica may hold them. A lease taken over while an attempt is under way: that attempt is counted
 * and listed, and the new holder moves the message on. The clock is the service's webhook clock,
 * moved by the receiver itself.
 */
@QuarkusTest
class SlowReceiverLeaseTest {

    private static final int SALES = 12;
    /** ledger.webhooks.senders. */
    private static final int SENDERS = 4;
    /** Each answer takes this long by the service's clock: more than a lease leaves to start an attempt. */
    private static final Duration ANSWER_TAKES = Duration.ofSeconds(50);

    @Inject
    Dispatcher dispatcher;

    @Inject
    AgroalDataSource database;

    /** A message of ours as the outbox holds it. */
    private record Message(String id, String status, int attempts, Instant due) {
    }

    @Test
    void messagesWhoseLeaseWouldRunOutBeforeTheirAttemptEndsGoBackUnsentAndAreDeliveredOnceLater() throws Exception {
        TestClock clock = new TestClock();
        QuarkusMock.installMockForType(clock, WebhookClock.class);
        try (Receiver slow = new Receiver()) {
            slow.whileAnswering(() -> clock.advance(ANSWER_TAKES));
            String partner = newPartnerKey("PARTNER");
            JsonPath created = subscribe(partner, slow);
            String subscription = created.getString("id");
            try {
                postSales(partner, subscription, SALES);
                Instant start = clock.catchUp();
                List<Message> rows = messages(subscription);
                // Other tests' leftovers may be due too and come first: pass until each of ours was claimed.
                for (int i = 0; i < 10 && rows.stream().anyMatch(m -> neverClaimed(m, start)); i++) {
                    dispatcher.dispatchDue();
                    rows = messages(subscription);
                }
                assertEquals(SALES, rows.size());
                List<Message> sent = rows.stream().filter(m -> m.attempts() > 0).toList();
                List<Message> back = rows.stream().filter(m -> m.attempts() == 0).toList();
                assertTrue(!sent.isEmpty() && sent.size() <= SENDERS,
                        "only attempts that could start within their lease were made: " + sent.size());
                assertEquals(sent.size(), slow.received().size(), "nothing sent past its lease");
                for (Message m : sent) {
                    assertEquals("DELIVERED", m.status(), "an attempt under its own lease is recorded");
                    assertEquals(1, m.attempts());
                }
                for (Message m : back) {
                    assertEquals("PENDING", m.status());
                    // The database keeps microseconds, rounded.
                    assertTrue(m.due().isAfter(start) && !m.due().isAfter(clock.now().plusNanos(500)),
                            "unsent, due again at once: " + m.due() + " after " + start);
                }

                slow.whileAnswering(() -> {
                });
                for (int i = 0; i < 20 && messages(subscription).stream().anyMatch(m -> m.attempts() == 0); i++) {
                    dispatcher.dispatchDue();
                }
                Set<String> ids = new HashSet<>();
                for (Received r : slow.received()) {
                    assertTrue(Receiver.signedWith(r, created.getString("secret")));
                    ids.add(r.id());
                }
                assertEquals(SALES, ids.size(), "every message delivered");
                assertEquals(SALES, slow.received().size(), "each sent once");
                for (Message m : messages(subscription)) {
                    assertEquals("DELIVERED", m.status());
                    assertEquals(1, m.attempts(), "delivered at its first attempt: going back counted none");
                }
            } finally {
                asAdmin().delete("/api/v1/webhooks/" + subscription);
            }
        }
    }

    @Test
    void anAttemptWhoseLeaseARedeliveryTookIsCountedAndListedButLeavesItsMessageToTheNewHolder() throws Exception {
        TestClock clock = new TestClock();
        QuarkusMock.installMockForType(clock, WebhookClock.class);
        try (Receiver receiver = new Receiver()) {
            String partner = newPartnerKey("PARTNER");
            JsonPath created = subscribe(partner, receiver);
            String subscription = created.getString("id");
            try {
                postSales(partner, subscription, 1);
                String message = messages(subscription).get(0).id();
                // While the first attempt is being answered, the partner asks for the message again:
                // the redelivery takes the lease, so that attempt's outcome must not move the message.
                AtomicBoolean redelivered = new AtomicBoolean();
                receiver.whileAnswering(() -> {
                    if (redelivered.compareAndSet(false, true)) {
                        as(partner).post("/api/v1/webhooks/" + subscription + "/deliveries/" + message + "/redeliver")
                                .then().statusCode(202);
                    }
                });
                clock.catchUp();
                for (int i = 0; i < 10 && messages(subscription).get(0).attempts() == 0; i++) {
                    dispatcher.dispatchDue();
                }
                Message afterFirst = messages(subscription).get(0);
                assertEquals(1, afterFirst.attempts(), "the attempt made is counted");
                assertEquals("PENDING", afterFirst.status(), "the redelivery's holder records its own outcome");

                for (int i = 0; i < 10 && !"DELIVERED".equals(messages(subscription).get(0).status()); i++) {
                    dispatcher.dispatchDue();
                }
                assertEquals(List.of(message, message), receiver.received().stream().map(Received::id).toList());
                JsonPath delivery = asAdmin().get("/api/v1/webhooks/" + subscription + "/deliveries").then()
                        .statusCode(200).extract().jsonPath();
                assertEquals("DELIVERED", delivery.getString("items[0].status"));
                assertEquals(2, delivery.getInt("items[0].attempts"));
                assertEquals(List.of(1, 2), delivery.getList("items[0].attemptLog.number"),
                        "each attempt sent is listed under a number of its own");
                assertEquals(List.of(204, 204), delivery.getList("items[0].attemptLog.statusCode"));
            } finally {
                asAdmin().delete("/api/v1/webhooks/" + subscription);
            }
        }
    }

    private static JsonPath subscribe(String partner, Receiver receiver) {
        return as(partner).body(Map.of("url", receiver.url(), "eventTypes", List.of("transaction.recorded")))
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath();
    }

    /**
     * Posts the sales, and has their messages written unsent, as the deliveries list does, so that
     * the claim path is what is tested.
     */
    private static void postSales(String partner, String subscription, int sales) {
        String campaign = Fixtures.campaign();
        String umkm = Fixtures.umkm("36.02");
        for (int i = 0; i < sales; i++) {
            Fixtures.post(partner, sale(uniqueCode("u"), campaign, umkm, "10.00"));
        }
        as(partner).get("/api/v1/webhooks/" + subscription + "/deliveries").then().statusCode(200);
    }

    /** Still due from when it was written: no dispatcher has claimed it yet. */
    private static boolean neverClaimed(Message m, Instant start) {
        return m.attempts() == 0 && !m.due().isAfter(start);
    }

    private List<Message> messages(String subscription) throws Exception {
        List<Message> rows = new ArrayList<>();
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(
                "select id::text, status, attempts, coalesce(next_attempt_at, delivered_at) from webhook_message"
                        + " where subscription_id = ?::uuid")) {
            s.setString(1, subscription);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new Message(r.getString(1), r.getString(2), r.getInt(3), r.getTimestamp(4).toInstant()));
                }
            }
        }
        return rows;
    }
}
