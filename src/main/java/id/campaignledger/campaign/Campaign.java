package id.campaignledger.campaign;

import id.campaignledger.common.db.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A campaign as stored; {@link CampaignService} writes the table, through the statements here. */
record Campaign(Integer id, String code, String name, String description, LocalDate startsOn, LocalDate endsOn,
        Instant createdAt, Instant updatedAt) {

    private static final String COLUMNS =
            "select id, code, name, description, starts_on, ends_on, created_at, updated_at from campaign";
    private static final Sql BY_CODE = Sql.of(COLUMNS + " where code = :code");
    private static final Sql ALL = Sql.of(COLUMNS);
    /**
     * FOR UPDATE, unlike FOR NO KEY UPDATE, conflicts with the key-share lock that inserting a
     * ledger entry takes on the entry's campaign: entries being posted right now are committed
     * before the lock is granted, and new ones wait until it is released.
     */
    private static final Sql LOCKED = Sql.of(COLUMNS + " where code = :code for update");
    private static final Sql INSERT = Sql.of("""
            insert into campaign (code, name, description, starts_on, ends_on, created_at, updated_at)
            values (:code, :name, :description, :startsOn, :endsOn, :createdAt, :createdAt)
            returning id, code, name, description, starts_on, ends_on, created_at, updated_at
            """);
    private static final Sql UPDATE = Sql.of("""
            update campaign set name = :name, description = :description, starts_on = :startsOn, ends_on = :endsOn,
                                updated_at = :updatedAt
             where id = :id
            returning id, code, name, description, starts_on, ends_on, created_at, updated_at
            """);
    /** min and max each read one end of the (campaign_id, occurred_at) index, whatever the volume. */
    private static final Sql ENTRY_SPAN = Sql.of(
            "select min(occurred_at) as first_at, max(occurred_at) as last_at from ledger_entry where campaign_id = :id");

    /** When a campaign's first and last entries occurred. */
    record EntrySpan(Instant first, Instant last) {
    }

    static Optional<Campaign> byCode(Connection c, String code) throws SQLException {
        try (Sql.Bound q = BY_CODE.on(c).set("code", code)) {
            return Optional.ofNullable(q.first(Campaign::of));
        }
    }

    /** The campaign, locked against new entries until the transaction ends (see {@link #LOCKED}). */
    static Optional<Campaign> lockedAgainstNewEntries(Connection c, String code) throws SQLException {
        try (Sql.Bound q = LOCKED.on(c).set("code", code)) {
            return Optional.ofNullable(q.first(Campaign::of));
        }
    }

    /**
     * Sorted here rather than by the database, whose collation (en_US on many servers) would
     * ignore '_' and '-' and order codes differently from one server to the next.
     */
    static List<Campaign> allByCode(Connection c) throws SQLException {
        try (Sql.Bound q = ALL.on(c)) {
            return q.list(Campaign::of).stream().sorted(Comparator.comparing(Campaign::code)).toList();
        }
    }

    static Campaign insert(Connection c, String code, String name, String description, LocalDate startsOn,
            LocalDate endsOn, Instant createdAt) throws SQLException {
        try (Sql.Bound q = INSERT.on(c)) {
            return q.set("code", code).set("name", name).set("description", description).set("startsOn", startsOn)
                    .set("endsOn", endsOn).set("createdAt", createdAt).first(Campaign::of);
        }
    }

    Campaign updated(Connection c, String name, String description, LocalDate startsOn, LocalDate endsOn,
            Instant updatedAt) throws SQLException {
        try (Sql.Bound q = UPDATE.on(c)) {
            return q.set("id", id).set("name", name).set("description", description).set("startsOn", startsOn)
                    .set("endsOn", endsOn).set("updatedAt", updatedAt).first(Campaign::of);
        }
    }

    /** The span of the campaign's entries, or empty when it has none. */
    Optional<EntrySpan> entrySpan(Connection c) throws SQLException {
        try (Sql.Bound q = ENTRY_SPAN.on(c).set("id", id)) {
            EntrySpan span = q.first(r -> new EntrySpan(Sql.instant(r, "first_at"), Sql.instant(r, "last_at")));
            return span.first() == null ? Optional.empty() : Optional.of(span);
        }
    }

    private static Campaign of(ResultSet r) throws SQLException {
        return new Campaign(r.getInt("id"), r.getString("code"), r.getString("name"), r.getString("description"),
                r.getObject("starts_on", LocalDate.class), r.getObject("ends_on", LocalDate.class),
                Sql.instant(r, "created_at"), Sql.instant(r, "updated_at"));
    }
}
