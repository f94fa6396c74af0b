package id.campaignledger.webhook;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.uniqueCode;
import static id.campaignledger.support.Fixtures.sale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.webhook.Receiver.Received;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A posted entry's message is written when it has been sent, with its first attempt (V71): what
 * that leaves when a dispatcher dies mid-way, and what the deliveries list shows meanwhile.
 */
@QuarkusTest
class EntryMessagesTest extends WebhookTestBase {

    @Inject
    EntryEvents entryEvents;

    @Inject
    AgroalDataSource database;

    private String subscription;

    @BeforeEach
    void subscribed() {
        subscription = subscribe(partner, receiver.url(), "transaction.recorded").id();
    }

    @Test
    void aMessageDeliveredAtOnceIsWrittenOnceWithItsAttemptUnderAnIdDerivedFromSubscriptionAndEntry()
            throws Exception {
        String entry = postSale("10.00");
        AtomicReference<String> writtenWhileSent = new AtomicReference<>();
        receiver.whileAnswering(() -> writtenWhileSent.compareAndSet(null, unchecked(
                "select count(*)::text from webhook_message where subscription_id = '" + subscription + "'")));
        clock.catchUp();
        dispatchUntilOursAreSent(1);

        assertEquals("0", writtenWhileSent.get(), "not written before it was sent");
        Received got = receiver.received().get(0);
        assertEquals(text("select webhook_entry_message_id('" + subscription + "', '" + entry + "')::text"), got.id(),
                "the webhook-id is the subscription's and the entry's, whoever sends it");
        assertEquals("DELIVERED 1 1", text("select status || ' ' || attempts || ' ' || step from webhook_message"
                + " where id = '" + got.id() + "'"));
        assertEquals("1", text("select count(*)::text from webhook_attempt where message_id = '" + got.id() + "'"));
        assertEquals("true", text("select (m.xmin = a.xmin)::text from webhook_message m"
                + " join webhook_attempt a on a.message_id = m.id where m.id = '" + got.id() + "'"),
                "the message was written in the transaction that recorded its attempt");
        assertEquals("0", text("select count(*)::text from webhook_entry_event where subscription_id = '"
                + subscription + "'"), "the outbox row is gone once its entry has its message");
    }

    @Test
    void aDispatcherThatDiesAfterTakingAnEntryLeavesItToTheNextOnceItsLeaseRunsOutUnderTheSameWebhookId()
            throws Exception {
        String entry = postSale("10.00");
        Instant now = clock.catchUp();
        Instant lease = now.plus(Duration.ofSeconds(61)).truncatedTo(ChronoUnit.MICROS);
        // A dispatcher takes the row and dies before it writes anything: no record, no release.
        List<Dispatcher.Claimed> taken = entryEvents.take(now, lease, new Object[0], 1_000, false).messages().stream()
                .filter(m -> m.subscriptionId().toString().equals(subscription)).toList();
        assertEquals(1, taken.size());

        for (int i = 0; i < 5; i++) {
            dispatcher.dispatchDue();
        }
        assertTrue(receiver.received().isEmpty(), "nobody sends it while its lease runs");

        clock.advance(Duration.ofSeconds(62));
        dispatchUntilOursAreSent(1);
        assertEquals(taken.get(0).id().toString(), receiver.received().get(0).id(),
                "sent again under the id the first holder would have sent it with");
        assertEquals(text("select webhook_entry_message_id('" + subscription + "', '" + entry + "')::text"),
                receiver.received().get(0).id());
        assertEquals("DELIVERED 1", text("select status || ' ' || attempts from webhook_message where id = '"
                + taken.get(0).id() + "'"));
        assertEquals("0", text("select count(*)::text from webhook_entry_event where subscription_id = '"
                + subscription + "'"));
    }

    @Test
    void aRowWhoseEntryWasNotSentOutlivesItsReleaseAndIsTakenByTheNextPassWithoutWaitingForTheLease()
            throws Exception {
        postSale("10.00");
        Instant now = clock.catchUp();
        Instant lease = now.plus(Duration.ofSeconds(61)).truncatedTo(ChronoUnit.MICROS);
        // A pass takes the row, its attempt breaks off (nothing recorded), and the pass ends.
        EntryEvents.Taken taken = entryEvents.take(now, lease, new Object[0], 1_000, false);
        entryEvents.release(taken.rows(), lease);
        assertEquals("1 0", text("select count(*) || ' ' || count(leased_until) from webhook_entry_event"
                + " where subscription_id = '" + subscription + "'"), "kept, and free for the next pass");

        dispatchUntilOursAreSent(1);
        assertEquals("0", text("select count(*)::text from webhook_entry_event where subscription_id = '"
                + subscription + "'"), "deleted once its entry has its message");
    }

    @Test
    void theDeliveriesListShowsAMessageBeingSentAndItsAttemptIsRecordedIntoIt() throws Exception {
        postSale("10.00");
        AtomicReference<JsonPath> seenMeanwhile = new AtomicReference<>();
        receiver.whileAnswering(() -> seenMeanwhile.compareAndSet(null, as(partner)
                .get("/api/v1/webhooks/" + subscription + "/deliveries").then().statusCode(200).extract().jsonPath()));
        clock.catchUp();
        dispatchUntilOursAreSent(1);

        JsonPath meanwhile = seenMeanwhile.get();
        assertEquals(List.of("PENDING"), meanwhile.getList("items.status"), "listed while it is being sent");
        assertEquals(List.of(0), meanwhile.getList("items.attempts"));
        assertEquals(List.of(receiver.received().get(0).id()), meanwhile.getList("items.id"));
        JsonPath after = as(partner).get("/api/v1/webhooks/" + subscription + "/deliveries").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("DELIVERED"), after.getList("items.status"), "the attempt moved the listed message on");
        assertEquals(List.of(1), after.getList("items.attempts"));
        assertEquals(List.of(1), after.getList("items[0].attemptLog.number"));
        assertEquals(1, receiver.received().size());
    }


    @Test
    void heldBackAPassTakesOnlyWholeRowsWithinItsAllowanceAndARowLargerThanItWaits() throws Exception {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            items.add(sale(uniqueCode("b"), campaign, umkm, "10.00"));
        }
        as(partner).body(Map.of("items", items)).post("/api/v1/transactions/batch").then().statusCode(200);
        postSale("10.00");
        Instant now = clock.catchUp();
        Instant lease = now.plus(Duration.ofSeconds(61)).truncatedTo(ChronoUnit.MICROS);
        // Only this test's subscription: other tests' leftovers must not stand in front of its rows.
        String others = text("select coalesce(string_agg(id::text, ','), '') from webhook_subscription"
                + " where id <> '" + subscription + "'");
        Object[] held = Arrays.stream(others.split(",")).filter(id -> !id.isEmpty()).map(UUID::fromString).toArray();

        assertEquals(List.of(), entryEvents.take(now, lease, held, 2, true).rows(),
                "the batch's row of three is more than two: it waits, and the sale's row behind it too");
        EntryEvents.Taken three = entryEvents.take(now, lease, held, 3, true);
        assertEquals(1, three.rows().size(), "the batch's row fits in three; the sale's would make four");
        assertEquals(3, three.messages().size());
        entryEvents.release(three.rows(), lease);

        EntryEvents.Taken unbounded = entryEvents.take(now, lease, held, 2, false);
        assertEquals(1, unbounded.rows().size(), "not held back, the first row is taken whole");
        assertEquals(3, unbounded.messages().size());
        entryEvents.release(unbounded.rows(), lease);
    }

    /** Other tests' leftovers may be taken first: passes until ours were received. */
    private void dispatchUntilOursAreSent(int messages) throws InterruptedException {
        for (int i = 0; i < 20 && receiver.received().size() < messages; i++) {
            dispatcher.dispatchDue();
        }
        assertEquals(messages, receiver.received().size());
    }

    private String unchecked(String sql) {
        try {
            return text(sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String text(String sql) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getString(1);
        }
    }
}
