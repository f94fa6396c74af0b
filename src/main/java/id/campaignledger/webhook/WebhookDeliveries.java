package id.campaignledger.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.campaignledger.common.Cursor;
import id.campaignledger.common.LedgerException;
import id.campaignledger.partner.Caller;
import id.campaignledger.webhook.WebhookRecords.AttemptView;
import id.campaignledger.webhook.WebhookRecords.DeliveryPage;
import id.campaignledger.webhook.WebhookRecords.DeliveryView;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A subscription's deliveries (the outbox messages for it) with their latest attempts, and
 * redelivery. Visible to whoever may see the subscription ({@link WebhookService#visible}).
 */
@ApplicationScoped
public class WebhookDeliveries {

    private static final int MAX_ATTEMPTS_SHOWN = 20;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookService subscriptions;

    @Inject
    EntryEvents entryEvents;

    @Inject
    WebhookClock clock;

    @Inject
    ObjectMapper json;

    /** Position in the deliveries list: the last delivery shown. */
    private record After(Instant createdAt, UUID id) {
    }

    /** Deliveries, newest first, each with its latest attempts. */
    @Transactional
    public DeliveryPage deliveries(Caller caller, UUID id, String status, String cursor, int limit) {
        List<String> fields = Cursor.decode(cursor, 2);
        After after = fields == null ? null
                : new After(Cursor.field(Instant::parse, fields.get(0)), Cursor.field(UUID::fromString, fields.get(1)));
        try (Connection c = dataSource.getConnection()) {
            subscriptions.visible(c, caller, id);
            // Posted entries whose messages no dispatcher has written yet are listed all the same.
            entryEvents.expand(c, id);
            return page(c, id, null, status, after, limit);
        } catch (SQLException e) {
            throw new WebhookService.WebhookStoreException(e);
        }
    }

    private DeliveryPage page(Connection c, UUID id, UUID only, String status, After after, int limit)
            throws SQLException {
        try {
            List<DeliveryView> items = new ArrayList<>();
            Map<UUID, List<AttemptView>> attempts = new HashMap<>();
            String sql = """
                    select id, event_type, status, attempts, created_at, next_attempt_at, delivered_at, last_status,
                           last_error, payload::text
                      from webhook_message
                     where subscription_id = ?
                       and (?::text is null or status = ?)
                       and (?::uuid is null or id = ?)
                       and (?::timestamptz is null or (created_at, id) < (?::timestamptz, ?::uuid))
                     order by created_at desc, id desc
                     limit ?
                    """;
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setObject(1, id);
                s.setString(2, status);
                s.setString(3, status);
                s.setObject(4, only);
                s.setObject(5, only);
                s.setTimestamp(6, after == null ? null : Timestamp.from(after.createdAt()));
                s.setTimestamp(7, after == null ? null : Timestamp.from(after.createdAt()));
                s.setObject(8, after == null ? null : after.id());
                s.setInt(9, limit + 1);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        UUID messageId = r.getObject(1, UUID.class);
                        List<AttemptView> log = new ArrayList<>();
                        attempts.put(messageId, log);
                        items.add(new DeliveryView(messageId, r.getString(2), r.getString(3), r.getInt(4),
                                WebhookService.instant(r, 5), WebhookService.instant(r, 6), WebhookService.instant(r, 7), (Integer) r.getObject(8),
                                r.getString(9), json.readTree(r.getString(10)), log));
                    }
                }
            }
            String next = null;
            if (items.size() > limit) {
                items.remove(limit);
                DeliveryView last = items.get(limit - 1);
                next = Cursor.encode(last.createdAt(), last.id());
            }
            if (!items.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("""
                        select a.message_id, a.number, a.attempted_at, a.status_code, a.error, a.duration_ms
                          from unnest(?::uuid[]) as m(id)
                          cross join lateral (select * from webhook_attempt where message_id = m.id
                                               order by number desc limit ?) a
                         order by a.message_id, a.number
                        """)) {
                    s.setArray(1, c.createArrayOf("uuid", items.stream().map(DeliveryView::id).toArray()));
                    s.setInt(2, MAX_ATTEMPTS_SHOWN);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            attempts.get(r.getObject(1, UUID.class)).add(new AttemptView(r.getInt(2), WebhookService.instant(r, 3),
                                    (Integer) r.getObject(4), r.getString(5), r.getInt(6)));
                        }
                    }
                }
            }
            return new DeliveryPage(items, next);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored payload is not JSON", e);
        }
    }

    /** Sends a delivery again: due at once, with the retry schedule started afresh. */
    @Transactional
    public DeliveryView redeliver(Caller caller, UUID id, UUID deliveryId) {
        try (Connection c = dataSource.getConnection()) {
            subscriptions.visible(c, caller, id);
            try (PreparedStatement s = c.prepareStatement("""
                    update webhook_message set status = 'PENDING', step = 0, next_attempt_at = ?
                     where id = ? and subscription_id = ?
                    """)) {
                s.setTimestamp(1, Timestamp.from(clock.now()));
                s.setObject(2, deliveryId);
                s.setObject(3, id);
                if (s.executeUpdate() == 0) {
                    throw LedgerException.notFound("Webhook " + id + " has no delivery " + deliveryId + ".");
                }
            }
            return page(c, id, deliveryId, null, null, 1).items().get(0);
        } catch (SQLException e) {
            throw new WebhookService.WebhookStoreException(e);
        }
    }
}
