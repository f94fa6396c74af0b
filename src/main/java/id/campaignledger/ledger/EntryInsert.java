package id.campaignledger.ledger;

import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.db.DatabaseFailure;
import id.campaignledger.common.db.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Inserts entries: one statement per batch, the rows sent as arrays and unnested by the server,
 * with every {@link EntryInsertPart} (the totals, for one) run over what was actually inserted,
 * in the same statement. The unique (partner, external_ref) constraint decides idempotency races:
 * a reference already stored inserts nothing. Callers run inside a JTA transaction; the pooled
 * connection is enlisted in it.
 */
@ApplicationScoped
class EntryInsert {

    private static final String INSERT = """
            insert into ledger_entry (id, partner_id, external_ref, campaign_id, umkm_id, kind, reverses, amount,
                                      currency, fx_rate_to_idr, amount_idr, channel, occurred_at, recorded_at,
                                      region_code, metadata, reason, request_digest, destination_country,
                                      recorded_by_partner_id, recorded_by_key_id)
            select t.id, :partner, t.external_ref, t.campaign_id, t.umkm_id, t.kind, t.reverses, t.amount, t.currency,
                   t.fx_rate_to_idr, t.amount_idr, t.channel, t.occurred_at, :recordedAt, t.region_code, t.metadata,
                   t.reason, decode(t.digest, 'hex'), t.destination, t.recorded_by_partner, t.recorded_by_key
              from unnest(:ids::uuid[], :refs::text[], :campaigns::int[], :umkm::uuid[], :kinds::text[],
                          :reverses::uuid[], :amounts::numeric[], :currencies::text[], :rates::numeric[],
                          :amountsIdr::numeric[], :channels::text[], :occurred::timestamptz[], :regions::text[],
                          :metadata::jsonb[], :reasons::text[], :digests::text[], :destinations::text[],
                          :recordedByPartners::int[], :recordedByKeys::uuid[])
                   as t(id, external_ref, campaign_id, umkm_id, kind, reverses, amount, currency, fx_rate_to_idr,
                        amount_idr, channel, occurred_at, region_code, metadata, reason, digest, destination,
                        recorded_by_partner, recorded_by_key)
            on conflict (partner_id, external_ref) do nothing
            returning id, campaign_id, umkm_id, occurred_at, recorded_at, region_code, channel, currency, partner_id,
                      amount_idr, kind, destination_country
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LedgerClock clock;

    @Inject
    Instance<EntryInsertPart> parts;

    private Sql statement;

    @PostConstruct
    void build() {
        statement = Sql.of(statement(parts.stream().toList()));
    }

    /** The whole statement: the insert, {@code dated}, the parts in order, and the ids inserted. */
    static String statement(List<EntryInsertPart> parts) {
        StringBuilder sql = new StringBuilder("with inserted as (").append(INSERT).append("""
                ), dated as (
                    select *, (occurred_at at time zone :zone)::date as day from inserted
                )""");
        parts.stream().sorted(Comparator.comparingInt(EntryInsertPart::order))
                .forEach(part -> sql.append(", ").append(part.ctes().strip()));
        return sql.append("\nselect id, recorded_at from inserted").toString();
    }

    /**
     * Inserts what is not there yet; returns the ids actually inserted with the instant each was
     * recorded (an entry already stored under its reference, or a concurrent twin, wins the rest).
     */
    Map<UUID, Instant> insert(int partnerId, List<NewEntry> entries) {
        if (entries.isEmpty()) {
            return Map.of();
        }
        try (Connection c = dataSource.getConnection(); Sql.Bound s = statement.on(c)) {
            s.set("partner", partnerId).set("recordedAt", clock.now()).set("zone", clock.zone().getId())
                    .array("ids", "text", column(entries, e -> e.id().toString()))
                    .array("refs", "text", column(entries, NewEntry::externalRef))
                    .array("campaigns", "text", column(entries, e -> Integer.toString(e.campaignId())))
                    .array("umkm", "text", column(entries, e -> e.umkmId().toString()))
                    .array("kinds", "text", column(entries, e -> e.kind().name()))
                    .array("reverses", "text", column(entries, e -> e.reverses() == null ? null : e.reverses().toString()))
                    .array("amounts", "text", column(entries, e -> e.amount().toPlainString()))
                    .array("currencies", "text", column(entries, NewEntry::currency))
                    .array("rates", "text", column(entries,
                            e -> e.fxRateToIdr() == null ? null : e.fxRateToIdr().toPlainString()))
                    .array("amountsIdr", "text", column(entries, e -> e.amountIdr().toPlainString()))
                    .array("channels", "text", column(entries, e -> e.channel().name()))
                    .array("occurred", "text", column(entries, e -> e.occurredAt().toString()))
                    .array("regions", "text", column(entries, NewEntry::regionCode))
                    .array("metadata", "text", column(entries, NewEntry::metadataJson))
                    .array("reasons", "text", column(entries, NewEntry::reason))
                    .array("digests", "text", column(entries, e -> HexFormat.of().formatHex(e.requestDigest())))
                    .array("destinations", "text", column(entries, NewEntry::destinationCountry))
                    .array("recordedByPartners", "text", column(entries,
                            e -> e.recordedByPartner() == null ? null : e.recordedByPartner().toString()))
                    .array("recordedByKeys", "text", column(entries,
                            e -> e.recordedByKey() == null ? null : e.recordedByKey().toString()));
            Map<UUID, Instant> inserted = new HashMap<>(entries.size() * 2);
            for (Inserted row : s.list(r -> new Inserted(r.getObject(1, UUID.class), r.getTimestamp(2).toInstant()))) {
                inserted.put(row.id(), row.recordedAt());
            }
            return inserted;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private record Inserted(UUID id, Instant recordedAt) {
    }

    private static List<String> column(List<NewEntry> rows, Function<NewEntry, String> column) {
        return rows.stream().map(column).collect(Collectors.toList());
    }
}
