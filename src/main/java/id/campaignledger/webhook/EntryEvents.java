package id.campaignledger.webhook;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The outbox rows of posted entries and their messages. A posting statement writes one row per
 * subscription that wants its entries (V70's trigger: their ids only, so posting pays one small
 * insert however many entries it holds). A dispatcher leases the oldest rows ({@link #take}), sends
 * their entries' messages and writes each with the outcome of its first attempt, then deletes a row
 * once every entry of it has its message ({@link #release}); a message is written once, after it was
 * sent, not written, claimed and recorded (V71). Its payload is the entry as {@code GET
 * /api/v1/transactions/{id}} shows it (entries are immutable, so it reads the same now as when they
 * were recorded), its timestamp and creation the moment they were recorded, its id derived from the
 * subscription and the entry, so whoever writes or sends it again gives it the same
 * {@code webhook-id}. Replicas skip each other's rows; a lease that runs out (a dispatcher that
 * died) frees the row for the next, who sends what has no message yet.
 */
@ApplicationScoped
class EntryEvents {

    /**
     * Rows one {@link #take} locks: each lock is a write, and a backlog of batches' rows would otherwise have
     * a thousand of them locked to take one. Single posts' rows (a group each) still fill a call.
     */
    private static final int ROWS_AT_ONCE = 64;

    /**
     * The messages of the outbox rows a statement's {@code taken} returns ({@code id}, {@code
     * subscription_id}, {@code entry_ids}, {@code created_at}, {@code leased_until}), except those
     * already written: each message's id derived from its subscription and entry (V71).
     */
    private static final String MESSAGES = """
            messages as (
                select t.id as row_id, m.id, t.subscription_id, n.type, x.position, t.created_at,
                       greatest(t.created_at, t.leased_until) as due,
                       jsonb_build_object('type', n.type,
                                          'timestamp', to_char(t.created_at at time zone 'UTC',
                                                               'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                          'data', jsonb_build_object(
                                              'id', n.id, 'partner', p.code, 'externalRef', n.external_ref,
                                              'campaign', c.code, 'umkmId', n.umkm_id, 'amount', n.amount::text,
                                              'currency', n.currency, 'fxRateToIdr', trim_scale(n.fx_rate_to_idr)::text,
                                              'amountIdr', n.amount_idr::text, 'channel', n.channel,
                                              'occurredAt', to_char(n.occurred_at at time zone 'UTC',
                                                                    'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                              'recordedAt', to_char(n.recorded_at at time zone 'UTC',
                                                                    'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                              'regionCode', n.region_code, 'metadata', n.metadata, 'kind', n.kind,
                                              'reverses', n.reverses, 'reason', n.reason,
                                              'destinationCountry', n.destination_country,
                                              'recordedBy', case when n.recorded_by_partner_id is null
                                                                   and n.recorded_by_key_id is null then null
                                                                 else jsonb_build_object('partner', rp.code,
                                                                                         'keyId', n.recorded_by_key_id) end))
                           as payload
                  from taken t
                 cross join lateral unnest(t.entry_ids) with ordinality as x(entry_id, position)
                 cross join lateral (select webhook_entry_message_id(t.subscription_id, x.entry_id) as id) m
                  join (select e.*, case e.kind when 'SALE' then 'transaction.recorded'
                                                else 'transaction.reversed' end as type
                          from ledger_entry e) n on n.id = x.entry_id
                  join partner p on p.id = n.partner_id
                  join campaign c on c.id = n.campaign_id
                  left join partner rp on rp.id = n.recorded_by_partner_id
                 where not exists (select 1 from webhook_message w where w.id = m.id)
            )
            """;

    /**
     * The messages written unsent: due when they were recorded, or when the lease of a dispatcher
     * that may be sending them runs out (it records its attempt over them, {@link AttemptRecorder}).
     */
    private static final String WRITE_UNSENT = MESSAGES + """
            insert into webhook_message (id, subscription_id, event_type, payload, created_at, next_attempt_at)
            select id, subscription_id, type, payload, created_at, due from messages
             order by created_at, position
            on conflict (id) do nothing
            """;

    /**
     * Leases the oldest rows of enabled subscriptions not held back, no other dispatcher holds,
     * as long as the messages before each are fewer than the bound (or, within the bound only,
     * as long as the messages up to and including each are not more than it), and returns their
     * messages yet to be written, each row at least once (with nulls if it has none left).
     */
    private static final String TAKE = """
            with oldest as (
                select e.id, e.entries from webhook_entry_event e
                  join webhook_subscription s on s.id = e.subscription_id and s.enabled
                 where (e.leased_until is null or e.leased_until <= ?) and e.subscription_id <> all (?)
                 order by e.id limit ? for update of e skip locked
            ), chosen as (
                select id from (select id, entries, sum(entries) over (order by id) - entries as before from oldest) o
                 where before < ? and (not ? or before + entries <= ?)
            ), taken as (
                update webhook_entry_event e set leased_until = ? where e.id in (select id from chosen)
                returning e.id, e.subscription_id, e.entry_ids, e.created_at, e.leased_until
            ), """ + MESSAGES + """
            select t.id, m.id, m.type, m.payload::text, t.created_at, s.id, s.url, s.secret, s.previous_secret,
                   s.previous_secret_until
              from taken t
              join webhook_subscription s on s.id = t.subscription_id
              left join messages m on m.row_id = t.id
             order by t.id, m.position
            """;

    /**
     * Deletes the rows every entry of which has its message, and frees the others (an attempt that
     * broke off) for the next pass; only rows still under the caller's lease.
     */
    private static final String RELEASE = """
            with done as (
                delete from webhook_entry_event e
                 where e.id = any (?) and e.leased_until = ?
                   and not exists (select 1 from unnest(e.entry_ids) as x(entry_id)
                                    where not exists (select 1 from webhook_message w
                                                       where w.id = webhook_entry_message_id(e.subscription_id,
                                                                                             x.entry_id)))
                returning e.id
            )
            update webhook_entry_event set leased_until = null
             where id = any (?) and leased_until = ? and id not in (select id from done)
            """;

    /**
     * Every row of one subscription, leased or not. It waits for a row a dispatcher is leasing
     * (no SKIP LOCKED): once that commits the row is there to take.
     */
    private static final String EXPAND_SUBSCRIPTION = """
            with taken as (
                delete from webhook_entry_event
                 where id in (select id from webhook_entry_event where subscription_id = ? order by id for update)
                returning id, subscription_id, entry_ids, created_at, leased_until
            ), """ + WRITE_UNSENT;

    /** Outbox rows a dispatcher leased, and the messages of their entries it is to send. */
    record Taken(List<Long> rows, List<Dispatcher.Claimed> messages) {
        static final Taken NONE = new Taken(List.of(), List.of());
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Leases the oldest outbox rows of enabled subscriptions not in {@code held} until {@code lease},
     * about {@code messages} messages' worth (whole rows: at least one, or with {@code withinOnly}
     * none that would go past it), and returns their entries' messages not yet written, for the
     * caller to send and write with their outcome ({@link AttemptRecorder}), then {@link #release}
     * the rows.
     */
    Taken take(Instant now, Instant lease, Object[] held, int messages, boolean withinOnly) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(TAKE)) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setArray(2, c.createArrayOf("uuid", held));
            s.setInt(3, ROWS_AT_ONCE);
            s.setInt(4, messages);
            s.setBoolean(5, withinOnly);
            s.setInt(6, messages);
            s.setTimestamp(7, Timestamp.from(lease));
            Set<Long> rows = new LinkedHashSet<>();
            List<Dispatcher.Claimed> taken = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getLong(1));
                    UUID id = r.getObject(2, UUID.class);
                    if (id != null) {
                        taken.add(new Dispatcher.Claimed(id, r.getObject(6, UUID.class), r.getString(4), 0, 0,
                                r.getString(7), r.getString(8), r.getString(9), WebhookService.instant(r, 10), lease,
                                new Dispatcher.Unsent(r.getString(3), WebhookService.instant(r, 5))));
                    }
                }
            }
            return new Taken(List.copyOf(rows), taken);
        } catch (SQLException e) {
            throw new WebhookService.WebhookStoreException(e);
        }
    }

    /**
     * How many outbox rows posting statements have written so far (the identity's last value; not
     * transactional): a number that moves while entries with subscribers are being posted.
     */
    long arrivals() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select coalesce(pg_sequence_last_value(pg_get_serial_sequence('webhook_entry_event', 'id')), 0)");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new WebhookService.WebhookStoreException(e);
        }
    }

    /**
     * Ends the lease of rows {@link #take} returned: a row every entry of which has its message is
     * deleted, any other is left for the next pass to send the rest.
     */
    void release(List<Long> rows, Instant lease) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(RELEASE)) {
            Array ids = c.createArrayOf("bigint", rows.toArray());
            s.setArray(1, ids);
            s.setTimestamp(2, Timestamp.from(lease));
            s.setArray(3, ids);
            s.setTimestamp(4, Timestamp.from(lease));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new WebhookService.WebhookStoreException(e);
        }
    }

    /**
     * Writes the messages of every outbox row of the subscription on {@code c}, in its transaction:
     * its deliveries list then shows each committed entry's message at once, not a poll later. The
     * dispatchers normally leave none or a few rows; after they were stopped, all of the backlog.
     */
    void expand(Connection c, UUID subscriptionId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(EXPAND_SUBSCRIPTION)) {
            s.setObject(1, subscriptionId);
            s.executeUpdate();
        }
    }
}
