package id.campaignledger.webhook;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Turns the outbox rows of posted entries into messages. A posting statement writes one row per
 * subscription that wants its entries (V70's trigger: their ids only, so posting pays one small
 * insert however many entries it holds); here each row becomes one message per entry, its payload
 * the entry as {@code GET /api/v1/transactions/{id}} shows it (entries are immutable, so it reads
 * the same now as when they were recorded) and its timestamp, creation and due time the moment they
 * were recorded, as if it had been written then. The row goes in the transaction that writes its
 * messages, so an event becomes a message exactly once; replicas skip each other's rows.
 */
@ApplicationScoped
class EntryEvents {

    /**
     * Messages one call writes, give or take one outbox row: single posts leave rows of a few
     * entries (one per group), batches and imports rows of up to 1,000. Bounded by messages, not
     * rows, so that a trickle of small rows is taken as fast as it comes and a large row alone
     * still makes one modest transaction.
     */
    private static final int MESSAGES_AT_ONCE = 1000;
    /**
     * Rows one call locks: each lock is a write, and a backlog of batches' rows would otherwise have
     * a thousand of them locked to take one. Single posts' rows (a group each) still fill a call.
     */
    private static final int ROWS_AT_ONCE = 64;

    /** The messages of the outbox rows a statement's {@code taken} returns. */
    private static final String WRITE_TAKEN = """
            insert into webhook_message (id, subscription_id, event_type, payload, created_at, next_attempt_at)
            select gen_random_uuid(), t.subscription_id, n.type,
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
                                                                                     'keyId', n.recorded_by_key_id) end)),
                   t.created_at, t.created_at
              from taken t
             cross join lateral unnest(t.entry_ids) with ordinality as x(entry_id, position)
              join (select e.*, case e.kind when 'SALE' then 'transaction.recorded'
                                            else 'transaction.reversed' end as type
                      from ledger_entry e) n on n.id = x.entry_id
              join partner p on p.id = n.partner_id
              join campaign c on c.id = n.campaign_id
              left join partner rp on rp.id = n.recorded_by_partner_id
             order by t.created_at, x.position
            """;

    private static final String EXPAND = """
            with oldest as (
                select id, entries from webhook_entry_event
                 order by id limit ? for update skip locked
            ), chosen as (
                -- The oldest rows, as long as the messages before each are fewer than the bound.
                select id from (select id, sum(entries) over (order by id) - entries as before from oldest) o
                 where before < ?
            ), taken as (
                delete from webhook_entry_event where id in (select id from chosen)
                returning subscription_id, entry_ids, created_at
            )
            """ + WRITE_TAKEN;

    /**
     * Every row of one subscription. It waits for a row a dispatcher is writing (no SKIP LOCKED):
     * once that commits the row is gone and its messages are there for the caller's next statement.
     */
    private static final String EXPAND_SUBSCRIPTION = """
            with taken as (
                delete from webhook_entry_event
                 where id in (select id from webhook_entry_event where subscription_id = ? order by id for update)
                returning subscription_id, entry_ids, created_at
            )
            """ + WRITE_TAKEN;

    @Inject
    AgroalDataSource dataSource;

    /** Writes the messages of the oldest outbox rows no other replica holds; returns how many. */
    int expand() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(EXPAND)) {
            s.setInt(1, ROWS_AT_ONCE);
            s.setInt(2, MESSAGES_AT_ONCE);
            return s.executeUpdate();
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
