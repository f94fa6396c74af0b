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
 *
 * <p>Two forms: {@link #insert} takes rows whose references the caller resolved and whose rules
 * it checked; {@link #insertNamed} takes sales as the partner named them and resolves the
 * campaign and UMKM in the statement itself (one round trip instead of two, for the common case
 * where every reference exists and every sale falls within its campaign's dates).
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

    /**
     * A sale inserted only when its campaign exists and covers its day in the ledger's time zone,
     * and its UMKM exists (by id, by NIB, or by both naming the same one): the rules of
     * {@link PostingRound#resolve}, so a row left out here is refused or replayed there. The
     * campaigns are read with a key-share lock, as {@link EntryReads#references} reads them, so
     * their dates stay as read until the transaction ends. Rows go in reference order, byte by byte,
     * as {@link PostingRound#resolve} sorts them.
     */
    private static final String INSERT_NAMED = """
            insert into ledger_entry (id, partner_id, external_ref, campaign_id, umkm_id, kind, reverses, amount,
                                      currency, fx_rate_to_idr, amount_idr, channel, occurred_at, recorded_at,
                                      region_code, metadata, reason, request_digest, destination_country,
                                      recorded_by_partner_id, recorded_by_key_id)
            select t.id, :partner, t.external_ref, c.id, u.id, 'SALE', null, t.amount, t.currency, t.fx_rate_to_idr,
                   t.amount_idr, t.channel, t.occurred_at, :recordedAt, u.region_code, t.metadata, null,
                   decode(t.digest, 'hex'), t.destination, :partner, t.recorded_by_key
              from unnest(:ids::uuid[], :refs::text[], :campaignCodes::text[], :umkm::uuid[], :nibs::text[],
                          :amounts::numeric[], :currencies::text[], :rates::numeric[], :amountsIdr::numeric[],
                          :channels::text[], :occurred::timestamptz[], :metadata::jsonb[], :digests::text[],
                          :destinations::text[], :recordedByKeys::uuid[])
                   as t(id, external_ref, campaign_code, umkm_id, nib, amount, currency, fx_rate_to_idr, amount_idr,
                        channel, occurred_at, metadata, digest, destination, recorded_by_key)
              join named_campaign c on c.code = t.campaign_code
              join umkm u on u.id = coalesce(t.umkm_id, (select n.id from umkm n where n.nib = t.nib::bpchar))
             where (t.nib is null or u.nib = t.nib::bpchar)
               and (c.starts_on is null or (t.occurred_at at time zone :zone)::date >= c.starts_on)
               and (c.ends_on is null or (t.occurred_at at time zone :zone)::date <= c.ends_on)
             order by t.external_ref collate "C"
            on conflict (partner_id, external_ref) do nothing
            returning id, campaign_id, umkm_id, occurred_at, recorded_at, region_code, channel, currency, partner_id,
                      amount_idr, kind, destination_country
            """;

    private static final String NAMED_CAMPAIGNS = """
            named_campaign as (
                select id, code, starts_on, ends_on from campaign where code = any(:campaignCodes::text[])
                   for key share
            ), """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LedgerClock clock;

    @Inject
    Instance<EntryInsertPart> parts;

    private Sql statement;
    private Sql named;

    @PostConstruct
    void build() {
        List<EntryInsertPart> all = parts.stream().toList();
        statement = Sql.of(statement("", INSERT, all));
        named = Sql.of(statement(NAMED_CAMPAIGNS, INSERT_NAMED, all));
    }

    /**
     * The whole statement: the CTEs the insert reads, the insert, {@code dated}, the parts in
     * order, and what each inserted row was given (its instant, campaign, UMKM and region).
     */
    private static String statement(String before, String insert, List<EntryInsertPart> parts) {
        StringBuilder sql = new StringBuilder("with ").append(before).append("inserted as (").append(insert)
                .append("""
                ), dated as (
                    select *, (occurred_at at time zone :zone)::date as day from inserted
                )""");
        parts.stream().sorted(Comparator.comparingInt(EntryInsertPart::order))
                .forEach(part -> sql.append(", ").append(part.ctes().strip()));
        return sql.append("\nselect id, recorded_at, campaign_id, umkm_id, region_code from inserted").toString();
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

    /** A sale as its partner named it, about to be inserted under {@code id}. */
    record NamedSale(UUID id, Posting posting, UUID recordedByKey) {
    }

    /** What the statement gave an inserted sale. */
    record Placed(Instant recordedAt, int campaignId, UUID umkmId, String regionCode) {
    }

    /**
     * Inserts the sales whose campaign and UMKM exist and whose day the campaign covers, unless
     * their reference is stored already; returns those inserted by id. The others are for
     * {@link #insert}'s callers to resolve, refuse or replay.
     */
    Map<UUID, Placed> insertNamed(int partnerId, List<NamedSale> sales) {
        if (sales.isEmpty()) {
            return Map.of();
        }
        try (Connection c = dataSource.getConnection(); Sql.Bound s = named.on(c)) {
            s.set("partner", partnerId).set("recordedAt", clock.now()).set("zone", clock.zone().getId())
                    .array("ids", "text", column(sales, e -> e.id().toString()))
                    .array("refs", "text", column(sales, e -> e.posting().externalRef()))
                    .array("campaignCodes", "text", column(sales, e -> e.posting().campaignCode()))
                    .array("umkm", "text", column(sales,
                            e -> e.posting().umkmId() == null ? null : e.posting().umkmId().toString()))
                    .array("nibs", "text", column(sales, e -> e.posting().nib()))
                    .array("amounts", "text", column(sales, e -> e.posting().amount().toPlainString()))
                    .array("currencies", "text", column(sales, e -> e.posting().currency()))
                    .array("rates", "text", column(sales, e -> e.posting().fxRateToIdr() == null
                            ? null : e.posting().fxRateToIdr().toPlainString()))
                    .array("amountsIdr", "text", column(sales, e -> e.posting().amountIdr().toPlainString()))
                    .array("channels", "text", column(sales, e -> e.posting().channel().name()))
                    .array("occurred", "text", column(sales, e -> e.posting().occurredAt().toString()))
                    .array("metadata", "text", column(sales, e -> e.posting().metadataJson()))
                    .array("digests", "text", column(sales,
                            e -> HexFormat.of().formatHex(e.posting().requestDigest())))
                    .array("destinations", "text", column(sales, e -> e.posting().destinationCountry()))
                    .array("recordedByKeys", "text", column(sales,
                            e -> e.recordedByKey() == null ? null : e.recordedByKey().toString()));
            Map<UUID, Placed> placed = new HashMap<>(sales.size() * 2);
            s.list(r -> placed.put(r.getObject(1, UUID.class), new Placed(r.getTimestamp(2).toInstant(), r.getInt(3),
                    r.getObject(4, UUID.class), r.getString(5))));
            return placed;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** One column of the rows, as the text elements of an SQL array (nulls kept). */
    private static <T> List<String> column(List<T> rows, Function<T, String> column) {
        return rows.stream().map(column).collect(Collectors.toList());
    }
}
