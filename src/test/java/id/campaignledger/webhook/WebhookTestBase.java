package id.campaignledger.webhook;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Api.uniqueCode;
import static id.campaignledger.support.Fixtures.sale;

import id.campaignledger.support.Fixtures;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the delivery tests share: a real HTTP receiver that checks every signature with its own
 * HMAC code, a clock the test moves, a partner with a campaign and a UMKM to post sales for, and
 * a dispatcher that runs when the test says. Subscriptions a test makes are deleted after it.
 */
abstract class WebhookTestBase {

    @Inject
    Dispatcher dispatcher;

    TestClock clock;
    Receiver receiver;
    String partner;
    String campaign;
    String umkm;
    /** Deleted after each test; a test that makes a subscription without {@link #subscribe} adds it here. */
    final List<String> subscriptions = new ArrayList<>();

    record Subscription(String id, String secret) {
    }

    @BeforeEach
    void receiverClockAndLedger() throws Exception {
        clock = new TestClock();
        QuarkusMock.installMockForType(clock, WebhookClock.class);
        receiver = new Receiver();
        partner = newPartnerKey("PARTNER");
        campaign = Fixtures.campaign();
        umkm = Fixtures.umkm("36.02");
    }

    @AfterEach
    void removeSubscriptions() {
        receiver.close();
        subscriptions.forEach(id -> asAdmin().delete("/api/v1/webhooks/" + id));
    }

    Subscription subscribe(String key, String url, String... types) {
        JsonPath created = as(key).body(Map.of("url", url, "eventTypes", List.of(types)))
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath();
        subscriptions.add(created.getString("id"));
        return new Subscription(created.getString("id"), created.getString("secret"));
    }

    String postSale(String amount) {
        return Fixtures.post(partner, sale(uniqueCode("s"), campaign, umkm, amount));
    }

    /** Runs the dispatcher until nothing more is due by the test clock. */
    void dispatch() throws InterruptedException {
        for (int i = 0; i < 50 && dispatcher.dispatchDue() > 0; i++) {
            // each pass attempts what was due; failures are rescheduled into the future
        }
    }

    JsonPath deliveries(Subscription s) {
        return asAdmin().get("/api/v1/webhooks/" + s.id() + "/deliveries").then().statusCode(200).extract()
                .jsonPath();
    }
}
