package id.campaignledger.webhook;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.webhook.Receiver.Answer;
import id.campaignledger.webhook.Receiver.Received;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a receiver's answer does to a delivery: the Standard Webhooks retry schedule walked through
 * by the test clock, 410 disabling the subscription, client errors stopping the retries except 408
 * and 429, and {@code Retry-After} in seconds or as a date.
 */
@QuarkusTest
class DeliveryOutcomesTest extends WebhookTestBase {

    /** The Standard Webhooks schedule, written out here rather than read from the code under test. */
    private static final List<Duration> WAITS = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));

    @Test
    void aFailingReceiverIsRetriedOnTheStandardScheduleThenGivenUp() throws Exception {
        receiver.otherwise(500);
        Subscription s = subscribe(partner, receiver.url(), "transaction.recorded");
        postSale("10.00");
        Instant first = clock.catchUp();
        dispatch();
        assertEquals(1, receiver.received().size(), "the first attempt is at once");
        Instant expected = first;
        for (int i = 0; i < WAITS.size(); i++) {
            clock.advance(WAITS.get(i).minusSeconds(1));
            dispatch();
            assertEquals(i + 1, receiver.received().size(), "not before " + WAITS.get(i));
            clock.advance(Duration.ofSeconds(1));
            dispatch();
            assertEquals(i + 2, receiver.received().size(), "attempt " + (i + 2) + " after " + WAITS.get(i));
            expected = expected.plus(WAITS.get(i));
            assertEquals(expected.getEpochSecond(), Long.parseLong(receiver.received().get(i + 1).timestamp()));
        }
        clock.advance(Duration.ofDays(7));
        dispatch();
        assertEquals(10, receiver.received().size(), "ten attempts in all");
        assertEquals(1, receiver.received().stream().map(Received::id).distinct().count(), "one webhook-id");
        receiver.received().forEach(r -> assertTrue(Receiver.signedWith(r, s.secret())));
        JsonPath d = deliveries(s);
        assertEquals("FAILED", d.getString("items[0].status"));
        assertEquals(10, d.getInt("items[0].attempts"));
        assertEquals(10, d.getList("items[0].attemptLog").size());
        assertNull(d.get("items[0].nextAttemptAt"));
    }

    @Test
    void goneDisablesTheSubscriptionAndNothingMoreIsQueuedUntilItIsEnabledAgain() throws Exception {
        receiver.answer(Answer.of(410));
        Subscription s = subscribe(partner, receiver.url(), "transaction.recorded");
        postSale("10.00");
        clock.catchUp();
        dispatch();
        JsonPath view = asAdmin().get("/api/v1/webhooks/" + s.id()).then().statusCode(200).extract().jsonPath();
        assertFalse(view.getBoolean("enabled"));
        assertTrue(view.getString("disabledReason").contains("410"));
        assertEquals("FAILED", deliveries(s).getString("items[0].status"));

        postSale("11.00");
        assertEquals(1, deliveries(s).getList("items").size(), "a disabled subscription gets no new messages");

        as(partner).body(Map.of("enabled", true)).patch("/api/v1/webhooks/" + s.id()).then().statusCode(200);
        postSale("12.00");
        clock.catchUp();
        dispatch();
        assertEquals(2, receiver.received().size());
        assertEquals("DELIVERED", deliveries(s).getString("items[0].status"));
    }

    @Test
    void clientErrorsStopExceptRequestTimeoutAndTooManyRequests() throws Exception {
        for (int status : new int[] { 400, 401, 404, 422 }) {
            receiver.answer(Answer.of(status));
        }
        Subscription stops = subscribe(partner, receiver.url(), "transaction.recorded");
        for (int i = 0; i < 4; i++) {
            postSale("1" + i + ".00");
        }
        clock.catchUp();
        dispatch();
        assertEquals(List.of("FAILED", "FAILED", "FAILED", "FAILED"), deliveries(stops).getList("items.status"));
        as(partner).delete("/api/v1/webhooks/" + stops.id()).then().statusCode(204);

        receiver.forget();
        receiver.answer(Answer.of(408), Answer.of(429));
        Subscription retries = subscribe(partner, receiver.url(), "transaction.recorded");
        postSale("20.00");
        postSale("21.00");
        clock.catchUp();
        dispatch();
        assertEquals(List.of("PENDING", "PENDING"), deliveries(retries).getList("items.status"));
        clock.advance(Duration.ofSeconds(5));
        dispatch();
        assertEquals(List.of("DELIVERED", "DELIVERED"), deliveries(retries).getList("items.status"));
    }

    @Test
    void retryAfterPostponesTheNextAttemptInSecondsOrAsADate() throws Exception {
        receiver.answer(new Answer(503, Map.of("Retry-After", "120")));
        Subscription s = subscribe(partner, receiver.url(), "transaction.recorded");
        postSale("10.00");
        clock.catchUp();
        dispatch();
        clock.advance(Duration.ofSeconds(5));
        dispatch();
        assertEquals(1, receiver.received().size(), "the schedule's 5 s are not enough for Retry-After: 120");
        clock.advance(Duration.ofSeconds(114));
        dispatch();
        assertEquals(1, receiver.received().size());

        // The second attempt is told to come back in ten minutes, as a date; the schedule says five.
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)
                .format(clock.now().plusSeconds(1).plus(Duration.ofMinutes(10)).atOffset(ZoneOffset.UTC));
        receiver.answer(new Answer(429, Map.of("Retry-After", date)));
        clock.advance(Duration.ofSeconds(1));
        dispatch();
        assertEquals(2, receiver.received().size());
        clock.advance(Duration.ofMinutes(5));
        dispatch();
        assertEquals(2, receiver.received().size(), "five minutes are not enough for a date ten minutes away");
        clock.advance(Duration.ofMinutes(5));
        dispatch();
        assertEquals(3, receiver.received().size());
        assertEquals("DELIVERED", deliveries(s).getString("items[0].status"));
    }
}
