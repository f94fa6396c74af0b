package id.campaignledger.ledger;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ledger table through plain JDBC: inserts go in one statement per batch (arrays unnested
 * server-side), and the unique (partner, external_ref) constraint decides idempotency races.
 * Callers run inside a JTA transaction; the pooled connection is enlisted in it.
 */
@ApplicationScoped
class LedgerStore {

    private static final String ENTRY_COLUMNS = """
            select e.id, e.partner_id, p.code as partner_code, e.external_ref, e.campaign_id, c.code as campaign_code,
                   e.umkm_id, e.kind, e.reverses, e.amount, e.currency, e.fx_rate_to_idr, e.amount_idr, e.channel,
                   e.occurred_at, e.recorded_at, e.region_code, e.metadata::text as metadata, e.reason, e.request_digest
            """;
    private static final String CODES = """
              join partner p on p.id = e.partner_id
              join campaign c on c.id = e.campaign_id
            """;
    static final String SELECT_ENTRY = ENTRY_COLUMNS + " from ledger_entry e " + CODES;

    /**
     * One unique-index probe per reference. A plain "external_ref = any(?)" lets the planner scan
     * all of a partner's entries and test each against the whole array, which grows with the ledger.
     */
    private static final String SELECT_BY_REFS = ENTRY_COLUMNS + """
              from unnest(?::text[]) as r(ref)
              join lateral (select * from ledger_entry x where x.partner_id = ? and x.external_ref = r.ref limit 1) e
                on true
            """ + CODES;

    private static final String INSERT = """
            insert into ledger_entry (id, partner_id, external_ref, campaign_id, umkm_id, kind, reverses, amount,
                                      currency, fx_rate_to_idr, amount_idr, channel, occurred_at, region_code,
                                      metadata, reason, request_digest)
            select t.id, ?, t.external_ref, t.campaign_id, t.umkm_id, t.kind, t.reverses, t.amount, t.currency,
                   t.fx_rate_to_idr, t.amount_idr, t.channel, t.occurred_at, t.region_code, t.metadata, t.reason,
                   decode(t.digest, 'hex')
              from unnest(?::uuid[], ?::text[], ?::int[], ?::uuid[], ?::text[], ?::uuid[], ?::numeric[], ?::text[],
                          ?::numeric[], ?::numeric[], ?::text[], ?::timestamptz[], ?::text[], ?::jsonb[], ?::text[],
                          ?::text[])
                   as t(id, external_ref, campaign_id, umkm_id, kind, reverses, amount, currency, fx_rate_to_idr,
                        amount_idr, channel, occurred_at, region_code, metadata, reason, digest)
            on conflict (partner_id, external_ref) do nothing
            returning id, campaign_id, umkm_id, occurred_at, recorded_at, region_code, channel, currency, partner_id,
                      amount_idr, kind
            """;

    /**
     * The insert above, with the totals of what it actually inserted added in the same statement:
     * daily and monthly buckets, monthly per region (for reads that need no channel or currency),
     * and per UMKM. Rows are upserted in key order, so two writers
     * meeting on several buckets take their locks in the same order.
     */
    private static final String INSERT_WITH_TOTALS = "with inserted as (" + INSERT + """
            ), dated as (
                select *, (occurred_at at time zone ?)::date as day from inserted
            ), daily as (
                insert into ledger_daily as d (campaign_id, day, region_code, channel, currency, partner_id,
                                               amount_idr, sale_count)
                select campaign_id, day, region_code, channel, currency, partner_id,
                       sum(amount_idr), count(*) filter (where kind = 'SALE')
                  from dated
                 group by 1, 2, 3, 4, 5, 6
                 order by 1, 2, 3, 4, 5, 6
                on conflict (campaign_id, day, region_code, channel, currency, partner_id)
                do update set amount_idr = d.amount_idr + excluded.amount_idr,
                              sale_count = d.sale_count + excluded.sale_count
            ), monthly as (
                insert into ledger_monthly as m (campaign_id, month, region_code, channel, currency, partner_id,
                                                 amount_idr, sale_count)
                select campaign_id, date_trunc('month', day)::date, region_code, channel, currency, partner_id,
                       sum(amount_idr), count(*) filter (where kind = 'SALE')
                  from dated
                 group by 1, 2, 3, 4, 5, 6
                 order by 1, 2, 3, 4, 5, 6
                on conflict (campaign_id, month, region_code, channel, currency, partner_id)
                do update set amount_idr = m.amount_idr + excluded.amount_idr,
                              sale_count = m.sale_count + excluded.sale_count
            ), region_monthly as (
                insert into ledger_region_monthly as r (campaign_id, month, region_code, partner_id, amount_idr,
                                                        sale_count)
                select campaign_id, date_trunc('month', day)::date, region_code, partner_id,
                       sum(amount_idr), count(*) filter (where kind = 'SALE')
                  from dated
                 group by 1, 2, 3, 4
                 order by 1, 2, 3, 4
                on conflict (campaign_id, month, region_code, partner_id)
                do update set amount_idr = r.amount_idr + excluded.amount_idr,
                              sale_count = r.sale_count + excluded.sale_count
            ), per_umkm as (
                insert into ledger_umkm as u (campaign_id, umkm_id, region_code, partner_id, amount_idr, sale_count,
                                              first_sale_recorded_at)
                select campaign_id, umkm_id, region_code, partner_id, sum(amount_idr),
                       count(*) filter (where kind = 'SALE'), min(recorded_at) filter (where kind = 'SALE')
                  from inserted
                 group by 1, 2, 3, 4
                 order by 1, 2, 3, 4
                on conflict (campaign_id, umkm_id, region_code, partner_id)
                do update set amount_idr = u.amount_idr + excluded.amount_idr,
                              sale_count = u.sale_count + excluded.sale_count,
                              first_sale_recorded_at = least(u.first_sale_recorded_at, excluded.first_sale_recorded_at)
            )
            select id, recorded_at from inserted
            """;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "ledger.time-zone", defaultValue = "Asia/Jakarta")
    ZoneId zone;

    /**
     * Inserts what is not there yet; returns the ids actually inserted with the instant each was
     * recorded (an entry already stored under its reference, or a concurrent twin, wins the rest).
     */
    Map<UUID, Instant> insert(int partnerId, List<NewEntry> entries) {
        if (entries.isEmpty()) {
            return Map.of();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INSERT_WITH_TOTALS)) {
            s.setInt(1, partnerId);
            s.setString(18, zone.getId());
            s.setArray(2, array(c, entries, e -> e.id().toString()));
            s.setArray(3, array(c, entries, NewEntry::externalRef));
            s.setArray(4, array(c, entries, e -> Integer.toString(e.campaignId())));
            s.setArray(5, array(c, entries, e -> e.umkmId().toString()));
            s.setArray(6, array(c, entries, e -> e.kind().name()));
            s.setArray(7, array(c, entries, e -> e.reverses() == null ? null : e.reverses().toString()));
            s.setArray(8, array(c, entries, e -> e.amount().toPlainString()));
            s.setArray(9, array(c, entries, NewEntry::currency));
            s.setArray(10, array(c, entries, e -> e.fxRateToIdr() == null ? null : e.fxRateToIdr().toPlainString()));
            s.setArray(11, array(c, entries, e -> e.amountIdr().toPlainString()));
            s.setArray(12, array(c, entries, e -> e.channel().name()));
            s.setArray(13, array(c, entries, e -> e.occurredAt().toString()));
            s.setArray(14, array(c, entries, NewEntry::regionCode));
            s.setArray(15, array(c, entries, NewEntry::metadataJson));
            s.setArray(16, array(c, entries, NewEntry::reason));
            s.setArray(17, array(c, entries, e -> HexFormat.of().formatHex(e.requestDigest())));
            Map<UUID, Instant> inserted = new HashMap<>(entries.size() * 2);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    inserted.put(r.getObject(1, UUID.class), r.getTimestamp(2).toInstant());
                }
            }
            return inserted;
        } catch (SQLException e) {
            throw new LedgerStoreException(e);
        }
    }

    Optional<StoredEntry> find(UUID id) {
        return query(SELECT_ENTRY + " where e.id = ?", (c, s) -> s.setObject(1, id)).stream().findFirst();
    }

    /**
     * Locks a sale against concurrent reversals. FOR NO KEY UPDATE changes nothing and leaves
     * the foreign-key checks of other inserts unblocked.
     */
    Optional<StoredEntry> lockForReversal(UUID id) {
        return query(SELECT_ENTRY + " where e.id = ? for no key update of e", (c, s) -> s.setObject(1, id))
                .stream().findFirst();
    }

    Map<String, StoredEntry> findByRefs(int partnerId, Collection<String> refs) {
        if (refs.isEmpty()) {
            return Map.of();
        }
        return query(SELECT_BY_REFS, (c, s) -> {
            s.setArray(1, c.createArrayOf("text", refs.toArray()));
            s.setInt(2, partnerId);
        }).stream().collect(Collectors.toMap(StoredEntry::externalRef, Function.identity()));
    }

    /** What reversals have taken off a sale so far, in its currency and in IDR (both negative or zero). */
    Reversed reversedSoFar(UUID saleId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select coalesce(sum(amount), 0), coalesce(sum(amount_idr), 0) from ledger_entry where reverses = ?")) {
            s.setObject(1, saleId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new Reversed(r.getBigDecimal(1), r.getBigDecimal(2));
            }
        } catch (SQLException e) {
            throw new LedgerStoreException(e);
        }
    }

    record Reversed(BigDecimal amount, BigDecimal amountIdr) {
    }

    /** What the items of a posting refer to: campaigns by code, UMKM by id or NIB. */
    record References(Map<String, CampaignRef> campaigns, List<UmkmRef> umkm) {
    }

    /**
     * Campaigns (with their dates, for the campaign rules) and UMKM (with the region each is
     * registered in now), in one round trip. The key-share lock on the campaigns keeps their
     * dates as read until the entries are in: changing dates takes FOR UPDATE.
     */
    References references(Collection<String> codes, Collection<UUID> ids, Collection<String> nibs) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        select id, code, starts_on, ends_on from campaign where code = any(?) for key share;
                        select id, nib, region_code from umkm where id = any(?) or nib = any(?)
                        """)) {
            s.setArray(1, c.createArrayOf("text", codes.toArray()));
            s.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            s.setArray(3, c.createArrayOf("text", nibs.toArray()));
            Map<String, CampaignRef> campaigns = new HashMap<>();
            List<UmkmRef> umkm = new ArrayList<>();
            s.execute();
            try (ResultSet r = s.getResultSet()) {
                while (r.next()) {
                    campaigns.put(r.getString(2), new CampaignRef(r.getInt(1), r.getString(2),
                            r.getObject(3, LocalDate.class), r.getObject(4, LocalDate.class)));
                }
            }
            if (!s.getMoreResults()) {
                throw new IllegalStateException("the UMKM look-up returned no result");
            }
            try (ResultSet r = s.getResultSet()) {
                while (r.next()) {
                    umkm.add(new UmkmRef(r.getObject(1, UUID.class), r.getString(2), r.getString(3)));
                }
            }
            return new References(campaigns, umkm);
        } catch (SQLException e) {
            throw new LedgerStoreException(e);
        }
    }

    record CampaignRef(int id, String code, LocalDate startsOn, LocalDate endsOn) {
        boolean covers(LocalDate day) {
            return !day.isBefore(startsOn) && (endsOn == null || !day.isAfter(endsOn));
        }
    }

    record UmkmRef(UUID id, String nib, String regionCode) {
    }

    /** One page, newest first; one row more than asked tells whether another page follows. */
    List<StoredEntry> page(Integer partnerId, TransactionFilter f) {
        StringBuilder sql = new StringBuilder(SELECT_ENTRY).append(" where true");
        List<Object> values = new ArrayList<>();
        if (partnerId != null) {
            sql.append(" and e.partner_id = ?");
            values.add(partnerId);
        }
        if (f.campaign() != null) {
            sql.append(" and c.code = ?");
            values.add(f.campaign());
        }
        if (f.umkmId() != null) {
            sql.append(" and e.umkm_id = ?");
            values.add(f.umkmId());
        }
        if (f.channel() != null) {
            sql.append(" and e.channel = ?");
            values.add(f.channel().name());
        }
        if (f.kind() != null) {
            sql.append(" and e.kind = ?");
            values.add(f.kind().name());
        }
        if (f.from() != null) {
            sql.append(" and e.occurred_at >= ?");
            values.add(f.from());
        }
        if (f.to() != null) {
            sql.append(" and e.occurred_at < ?");
            values.add(f.to());
        }
        if (f.after() != null) {
            sql.append(" and (e.occurred_at, e.id) < (?, ?)");
            values.add(f.after().occurredAt().atOffset(java.time.ZoneOffset.UTC));
            values.add(f.after().id());
        }
        sql.append(" order by e.occurred_at desc, e.id desc limit ?");
        values.add(f.limit() + 1);
        return query(sql.toString(), (c, s) -> {
            for (int i = 0; i < values.size(); i++) {
                s.setObject(i + 1, values.get(i));
            }
        });
    }

    @FunctionalInterface
    interface Binder {
        void bind(Connection connection, PreparedStatement statement) throws SQLException;
    }

    List<StoredEntry> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(c, s);
            List<StoredEntry> entries = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    entries.add(read(r));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new LedgerStoreException(e);
        }
    }

    private static StoredEntry read(ResultSet r) throws SQLException {
        return new StoredEntry(
                r.getObject("id", UUID.class),
                r.getInt("partner_id"),
                r.getString("partner_code"),
                r.getString("external_ref"),
                r.getInt("campaign_id"),
                r.getString("campaign_code"),
                r.getObject("umkm_id", UUID.class),
                EntryKind.valueOf(r.getString("kind")),
                r.getObject("reverses", UUID.class),
                r.getBigDecimal("amount"),
                r.getString("currency"),
                r.getBigDecimal("fx_rate_to_idr"),
                r.getBigDecimal("amount_idr"),
                Channel.valueOf(r.getString("channel")),
                r.getTimestamp("occurred_at").toInstant(),
                r.getTimestamp("recorded_at").toInstant(),
                r.getString("region_code"),
                r.getString("metadata"),
                r.getString("reason"),
                r.getBytes("request_digest"));
    }

    private static <T> Array array(Connection c, List<T> rows, Function<T, String> column) throws SQLException {
        return c.createArrayOf("text", rows.stream().map(column).toArray(String[]::new));
    }

    /** A database failure: the mapper turns a lost connection into 503 and anything else into 500. */
    static final class LedgerStoreException extends RuntimeException {
        LedgerStoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
