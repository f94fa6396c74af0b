package id.campaignledger.ledger;

import id.campaignledger.common.DateRange;
import id.campaignledger.common.db.DatabaseFailure;
import id.campaignledger.common.db.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads of the ledger table and of what posting refers to. Callers run inside a JTA transaction
 * (posting, reversing) or are single statements (views); the pooled connection is enlisted.
 */
@ApplicationScoped
class EntryReads {

    private static final String ENTRY_COLUMNS = """
            select e.id, e.partner_id, p.code as partner_code, e.external_ref, e.campaign_id, c.code as campaign_code,
                   e.umkm_id, e.kind, e.reverses, e.amount, e.currency, e.fx_rate_to_idr, e.amount_idr, e.channel,
                   e.occurred_at, e.recorded_at, e.region_code, e.metadata::text as metadata, e.reason, e.request_digest,
                   e.destination_country,
                   (select rp.code from partner rp where rp.id = e.recorded_by_partner_id) as recorded_by_partner_code,
                   e.recorded_by_key_id
            """;
    private static final String CODES = """
              join partner p on p.id = e.partner_id
              join campaign c on c.id = e.campaign_id
            """;
    private static final String SELECT_ENTRY = ENTRY_COLUMNS + " from ledger_entry e " + CODES;

    private static final Sql FIND = Sql.of(SELECT_ENTRY + " where e.id = :id");

    /**
     * Locks a sale against concurrent reversals. FOR NO KEY UPDATE changes nothing and leaves
     * the foreign-key checks of other inserts unblocked.
     */
    private static final Sql LOCK = Sql.of(SELECT_ENTRY + " where e.id = :id for no key update of e");

    /**
     * One unique-index probe per reference. A plain "external_ref = any(?)" lets the planner scan
     * all of a partner's entries and test each against the whole array, which grows with the ledger.
     */
    private static final Sql BY_REFS = Sql.of(ENTRY_COLUMNS + """
              from unnest(:refs::text[]) as r(ref)
              join lateral (select * from ledger_entry x where x.partner_id = :partner and x.external_ref = r.ref
                            limit 1) e
                on true
            """ + CODES);

    private static final Sql REVERSED = Sql.of("select coalesce(sum(amount), 0), coalesce(sum(amount_idr), 0)"
            + " from ledger_entry where reverses = :sale");

    /**
     * Campaigns (with their dates, for the campaign rules) and UMKM (with the region each is
     * registered in now), in one round trip. The key-share lock on the campaigns keeps their
     * dates as read until the entries are in: changing dates takes FOR UPDATE.
     */
    private static final Sql REFERENCES = Sql.of("""
            select id, code, starts_on, ends_on from campaign where code = any(:codes) for key share;
            select id, nib, region_code from umkm where id = any(:ids) or nib = any(:nibs)
            """);

    @Inject
    AgroalDataSource dataSource;

    Optional<StoredEntry> find(UUID id) {
        return query(FIND, s -> s.set("id", id)).stream().findFirst();
    }

    Optional<StoredEntry> lockForReversal(UUID id) {
        return query(LOCK, s -> s.set("id", id)).stream().findFirst();
    }

    Map<String, StoredEntry> findByRefs(int partnerId, Collection<String> refs) {
        if (refs.isEmpty()) {
            return Map.of();
        }
        return query(BY_REFS, s -> s.array("refs", "text", refs).set("partner", partnerId)).stream()
                .collect(Collectors.toMap(StoredEntry::externalRef, Function.identity()));
    }

    /** What reversals have taken off a sale so far, in its currency and in IDR (both negative or zero). */
    Reversed reversedSoFar(UUID saleId) {
        try (Connection c = dataSource.getConnection(); Sql.Bound s = REVERSED.on(c)) {
            return s.set("sale", saleId).first(r -> new Reversed(r.getBigDecimal(1), r.getBigDecimal(2)));
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    record Reversed(BigDecimal amount, BigDecimal amountIdr) {
    }

    /** What the items of a posting refer to: campaigns by code, UMKM by id or NIB. */
    record References(Map<String, CampaignRef> campaigns, List<UmkmRef> umkm) {
    }

    record CampaignRef(int id, String code, LocalDate startsOn, LocalDate endsOn) {
        boolean covers(LocalDate day) {
            return new DateRange(startsOn, endsOn).covers(day);
        }
    }

    record UmkmRef(UUID id, String nib, String regionCode) {
    }

    References references(Collection<String> codes, Collection<UUID> ids, Collection<String> nibs) {
        try (Connection c = dataSource.getConnection(); Sql.Bound bound = REFERENCES.on(c)) {
            bound.array("codes", "text", codes).array("ids", "uuid", ids).array("nibs", "text", nibs);
            var s = bound.statement();
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
            throw new DatabaseFailure(e);
        }
    }

    /** One page, newest first; one row more than asked tells whether another page follows. */
    List<StoredEntry> page(Integer partnerId, TransactionFilter f) {
        StringBuilder sql = new StringBuilder(SELECT_ENTRY).append(" where true");
        Map<String, Object> values = new HashMap<>();
        condition(sql, values, "e.partner_id = :partner", "partner", partnerId);
        condition(sql, values, "c.code = :campaign", "campaign", f.campaign());
        condition(sql, values, "e.umkm_id = :umkm", "umkm", f.umkmId());
        condition(sql, values, "e.channel = :channel", "channel", f.channel());
        condition(sql, values, "e.kind = :kind", "kind", f.kind());
        condition(sql, values, "e.occurred_at >= :from", "from", f.from());
        condition(sql, values, "e.occurred_at < :to", "to", f.to());
        condition(sql, values, "e.recorded_by_key_id = :recordedByKey", "recordedByKey", f.recordedByKey());
        if (f.after() != null) {
            sql.append(" and (e.occurred_at, e.id) < (:afterAt, :afterId)");
            values.put("afterAt", f.after().occurredAt().atOffset(ZoneOffset.UTC));
            values.put("afterId", f.after().id());
        }
        sql.append(" order by e.occurred_at desc, e.id desc limit :limit");
        values.put("limit", f.limit() + 1);
        return query(Sql.of(sql.toString()), s -> values.forEach(s::set));
    }

    private static void condition(StringBuilder sql, Map<String, Object> values, String condition, String name,
            Object value) {
        if (value != null) {
            sql.append(" and ").append(condition);
            values.put(name, value);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(Sql.Bound statement) throws SQLException;
    }

    private List<StoredEntry> query(Sql sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); Sql.Bound s = sql.on(c)) {
            binder.bind(s);
            return s.list(EntryReads::entry);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private static StoredEntry entry(ResultSet r) throws SQLException {
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
                r.getBytes("request_digest"),
                r.getString("destination_country"),
                r.getString("recorded_by_partner_code"),
                r.getObject("recorded_by_key_id", UUID.class));
    }
}
