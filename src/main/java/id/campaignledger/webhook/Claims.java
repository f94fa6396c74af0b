package id.campaignledger.webhook;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The leases of messages already written ({@link Dispatcher}): claiming the due ones, and putting
 * back those a pass did not send. An entry's message the pass took unwritten ({@link EntryEvents})
 * is written unsent when it goes back.
 */
@ApplicationScoped
class Claims {

    /** Due messages of enabled subscriptions not held back, oldest due first, leased in the same statement. */
    private static final String CLAIM = """
            update webhook_message m set next_attempt_at = ?
              from webhook_subscription s
             where s.id = m.subscription_id
               and m.id in (select d.id from webhook_message d
                              join webhook_subscription ds on ds.id = d.subscription_id and ds.enabled
                             where d.status = 'PENDING' and d.next_attempt_at <= ?
                               and d.subscription_id <> all (?)
                             order by d.next_attempt_at
                             limit ?
                               for update of d skip locked)
            returning m.id, m.subscription_id, m.payload::text, m.attempts, m.step, s.url, s.secret,
                      s.previous_secret, s.previous_secret_until
            """;

    @Inject
    AgroalDataSource dataSource;

    /**
     * Claims up to {@code limit} due messages of enabled subscriptions not in {@code held} until
     * {@code lease}, oldest due first.
     */
    List<Dispatcher.Claimed> claim(Instant now, Instant lease, Object[] held, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(CLAIM)) {
            s.setTimestamp(1, Timestamp.from(lease));
            s.setTimestamp(2, Timestamp.from(now));
            s.setArray(3, c.createArrayOf("uuid", held));
            s.setInt(4, limit);
            List<Dispatcher.Claimed> claimed = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    claimed.add(new Dispatcher.Claimed(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getString(3),
                            r.getInt(4), r.getInt(5), r.getString(6), r.getString(7), r.getString(8),
                            WebhookService.instant(r, 9), lease, null));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new WebhookService.WebhookStoreException(e);
        }
    }

    /**
     * Unsent, no attempt counted: due again at {@code due}, unless the lease has passed to another
     * holder. An entry's message not written yet is written so, unless someone wrote it meanwhile.
     */
    void putBack(List<Dispatcher.Claimed> messages, Instant due, Instant lease) {
        if (messages.isEmpty()) {
            return;
        }
        List<Dispatcher.Claimed> written = messages.stream().filter(m -> m.unsent() == null).toList();
        List<Dispatcher.Claimed> unsent = messages.stream().filter(m -> m.unsent() != null).toList();
        try (Connection c = dataSource.getConnection()) {
            if (!written.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("update webhook_message set next_attempt_at = ?"
                        + " where id = any (?) and status = 'PENDING' and next_attempt_at = ?")) {
                    s.setTimestamp(1, Timestamp.from(due));
                    s.setArray(2, c.createArrayOf("uuid", written.stream().map(Dispatcher.Claimed::id).toArray()));
                    s.setTimestamp(3, Timestamp.from(lease));
                    s.executeUpdate();
                }
            }
            if (!unsent.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("""
                        insert into webhook_message (id, subscription_id, event_type, payload, created_at, next_attempt_at)
                        select * from unnest(?::uuid[], ?::uuid[], ?::text[], ?::jsonb[], ?::timestamptz[],
                                             ?::timestamptz[])
                        on conflict (id) do nothing
                        """)) {
                    s.setArray(1, c.createArrayOf("uuid", unsent.stream().map(Dispatcher.Claimed::id).toArray()));
                    s.setArray(2, c.createArrayOf("uuid", unsent.stream().map(Dispatcher.Claimed::subscriptionId).toArray()));
                    s.setArray(3, c.createArrayOf("text", unsent.stream().map(m -> m.unsent().eventType()).toArray()));
                    s.setArray(4, c.createArrayOf("text", unsent.stream().map(Dispatcher.Claimed::body).toArray()));
                    // Timestamps travel as text: ISO-8601 with its Z, which timestamptz reads exactly.
                    s.setArray(5, c.createArrayOf("text",
                            unsent.stream().map(m -> m.unsent().createdAt().toString()).toArray()));
                    s.setArray(6, c.createArrayOf("text", unsent.stream().map(m -> due.toString()).toArray()));
                    s.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new WebhookService.WebhookStoreException(e);
        }
    }
}
