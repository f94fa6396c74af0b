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
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A receiver that is down: one failed connection holds its other messages back unsent, so a short
 * outage does not push every waiting message down the retry schedule. A real receiver comes back
 * on the same port and checks the signatures itself.
 */
@QuarkusTest
class UnreachableReceiverTest {

    private static final int SALES = 12;
    /** ledger.webhooks.senders: at most this many attempts can be on before the first failure is known. */
    private static final int SENDERS = 4;

    @Inject
    Dispatcher dispatcher;

    @Inject
    AgroalDataSource database;

    @Test
    void aReceiverThatRefusesConnectionsCostsOneRoundThenOneProbeAtATimeNotOneAttemptPerMessage() throws Exception {
        TestClock clock = new TestClock();
        QuarkusMock.installMockForType(clock, WebhookClock.class);
        int port;
        try (Receiver gone = new Receiver()) {
            port = gone.port();
        }
        String partner = newPartnerKey("PARTNER");
        JsonPath created = as(partner).body(Map.of("url", "http://127.0.0.1:" + port + "/hook", "eventTypes",
                List.of("transaction.recorded"))).post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath();
        String subscription = created.getString("id");
        try {
            String campaign = Fixtures.campaign();
            String umkm = Fixtures.umkm("36.02");
            for (int i = 0; i < SALES; i++) {
                Fixtures.post(partner, sale(uniqueCode("u"), campaign, umkm, "10.00"));
            }
            // Their messages written unsent, as the deliveries list does, so the claim path is what is tested.
            as(partner).get("/api/v1/webhooks/" + subscription + "/deliveries").then().statusCode(200);
            Instant downAt = clock.catchUp();
            List<long[]> rows = messages(subscription); // attempts, due (epoch ms)
            // Other tests' leftovers may be due too and come first; pass until ours were all handled.
            for (int i = 0; i < 10 && rows.stream().anyMatch(r -> r[0] == 0 && r[1] <= downAt.toEpochMilli()); i++) {
                dispatcher.dispatchDue();
                rows = messages(subscription);
            }
            assertEquals(SALES, rows.size());
            long tried = rows.stream().filter(r -> r[0] == 1).count();
            assertTrue(tried >= 1 && tried <= SENDERS, "one round of senders tried, not all twelve: " + tried);
            for (long[] r : rows) {
                if (r[0] == 0) {
                    assertEquals(downAt.plusSeconds(5).toEpochMilli(), r[1], 1, "unsent, due when it is tried again");
                } else {
                    assertEquals(1, r[0], "no second attempt within the pause");
                }
            }

            // Still down after the pause: one probe, and a message that had not failed yet.
            clock.advance(Duration.ofSeconds(5));
            List<long[]> probed = messages(subscription);
            for (int i = 0; i < 5 && probed.stream().mapToLong(r -> r[0]).sum() == tried; i++) {
                dispatcher.dispatchDue(); // passes on, as the held subscription's receiver is probed once
                probed = messages(subscription);
            }
            assertEquals(tried + 1, probed.stream().filter(r -> r[0] == 1).count(), "one probe");
            assertEquals(0, probed.stream().filter(r -> r[0] > 1).count(), "no message failed twice");

            try (Receiver back = new Receiver(port)) {
                clock.advance(Duration.ofSeconds(5));
                for (int i = 0; i < 20 && dispatcher.dispatchDue() > 0; i++) {
                    // what is due is sent; nothing fails now
                }
                Set<String> ids = new HashSet<>();
                for (Received r : back.received()) {
                    assertTrue(Receiver.signedWith(r, created.getString("secret")));
                    ids.add(r.id());
                }
                assertEquals(SALES, ids.size(), "every message delivered once the receiver is back");
            }
            List<long[]> after = messages(subscription);
            assertEquals(SALES + tried + 1, after.stream().mapToLong(r -> r[0]).sum(),
                    "the held-back messages were delivered at their first attempt, the failed ones at their second");
            assertEquals(SALES, count("select count(*) from webhook_message where subscription_id = '" + subscription
                    + "' and status = 'DELIVERED'"));
        } finally {
            asAdmin().delete("/api/v1/webhooks/" + subscription);
        }
    }

    private List<long[]> messages(String subscription) throws Exception {
        List<long[]> rows = new ArrayList<>();
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(
                "select attempts, next_attempt_at from webhook_message where subscription_id = ?::uuid")) {
            s.setString(1, subscription);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Timestamp due = r.getTimestamp(2);
                    rows.add(new long[] { r.getInt(1), due == null ? 0 : due.toInstant().toEpochMilli() });
                }
            }
        }
        return rows;
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
