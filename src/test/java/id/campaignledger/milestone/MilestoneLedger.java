package id.campaignledger.milestone;

import static id.campaignledger.support.Api.as;
import static id.campaignledger.support.Api.asAdmin;
import static id.campaignledger.support.Api.newPartnerKey;
import static id.campaignledger.support.Api.uniqueCode;
import static id.campaignledger.support.Fixtures.sale;

import id.campaignledger.support.Fixtures;
import io.agroal.api.AgroalDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fresh partner, campaign and UMKM, and a subscription to {@code target.milestone} that nothing
 * receives (the dispatcher does not run in tests): its outbox is what the milestone tests count.
 * Made before each test, {@link #unsubscribe()}d after it.
 */
final class MilestoneLedger {

    final String partner = newPartnerKey("PARTNER");
    final String campaign = Fixtures.campaign();
    final String umkm = Fixtures.umkm("36.02");
    final String subscription = asAdmin().body(Map.of("url", "http://127.0.0.1:9/milestones", "eventTypes",
            List.of("target.milestone"))).post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
    private final AgroalDataSource database;

    MilestoneLedger(AgroalDataSource database) {
        this.database = database;
    }

    void unsubscribe() {
        asAdmin().delete("/api/v1/webhooks/" + subscription).then().statusCode(204);
    }

    /** A 2023 transaction-value target of the campaign; {@code region} null for the whole campaign. */
    String target(String amount, String region) {
        Map<String, Object> body = new HashMap<>(Map.of("metric", "TRANSACTION_VALUE", "amount", amount,
                "periodStart", "2023-01-01", "periodEnd", "2023-12-31", "name", "Milestone drill"));
        body.put("regionCode", region);
        return asAdmin().body(body).post("/api/v1/campaigns/" + campaign + "/targets").then().statusCode(201)
                .extract().path("id");
    }

    /** A sale of the partner's; returns its id. */
    String post(String amount) {
        return Fixtures.post(partner, sale(uniqueCode("m"), campaign, umkm, amount));
    }

    /** Reverses part of a sale, within the target's period so that it counts against it. */
    void reverse(String sale, String amount) {
        as(partner).body(Map.of("externalRef", uniqueCode("r"), "amount", amount, "reason", "returned",
                "occurredAt", "2023-06-02T10:00:00+07:00"))
                .post("/api/v1/transactions/" + sale + "/reversals").then().statusCode(201);
    }

    /** The thresholds recorded for a target's revision, as the API lists them, lowest first. */
    List<String> milestones(String targetId, int version) {
        List<String> thresholds = new ArrayList<>();
        for (Map<String, Object> m : as(partner).get("/api/v1/campaigns/" + campaign + "/milestones").then()
                .statusCode(200).extract().<List<Map<String, Object>>>path("items")) {
            if (m.get("targetId").equals(targetId) && ((Integer) m.get("targetVersion")) == version) {
                thresholds.add((String) m.get("threshold"));
            }
        }
        thresholds.sort((a, b) -> new BigDecimal(a).compareTo(new BigDecimal(b)));
        return thresholds;
    }

    /** Milestone events in the subscription's outbox for a target. */
    long events(String targetId) throws SQLException {
        return count("select count(*) from webhook_message where subscription_id = '" + subscription
                + "' and payload -> 'data' ->> 'targetId' = '" + targetId + "'");
    }

    long count(String sql) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
