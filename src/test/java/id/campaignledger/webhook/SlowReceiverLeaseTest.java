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
import org.junit.jupiter.api.Test;

/**
 * A receiver so slow that a pass's lease would run out before its last messages are sent: those
 * go back unsent, due at once and with no attempt counted, instead of being sent when another
 * replica may hold them. The clock is the service's webhook clock, moved by the receiver itself.
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
            JsonPath created = as(partner).body(Map.of("url", slow.url(), "eventTypes",
                    List.of("transaction.recorded"))).post("/api/v1/webhooks").then().statusCode(201).extract()
                    .jsonPath();
            String subscription = created.getString("id");
            try {
                String campaign = Fixtures.campaign();
                String umkm = Fixtures.umkm("36.02");
                for (int i = 0; i < SALES; i++) {
                    Fixtures.post(partner, sale(uniqueCode("u"), campaign, umkm, "10.00"));
                }
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
