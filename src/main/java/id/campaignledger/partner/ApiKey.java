package id.campaignledger.partner;

import id.campaignledger.common.db.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** An API key as stored: its digest, never the key. {@link PartnerService} writes the table. */
record ApiKey(UUID id, Integer partnerId, String prefix, Instant createdAt, Instant revokedAt) {

    private static final String COLUMNS = "select id, partner_id, prefix, created_at, revoked_at from api_key";
    private static final Sql BY_ID = Sql.of(COLUMNS + " where id = :id");
    private static final Sql OF_PARTNER = Sql.of(COLUMNS + " where partner_id = :partner order by created_at, id");
    private static final Sql ACTIVE_BY_DIGEST = Sql.of("""
            select k.id as key_id, p.id, p.code, p.name, p.kind, p.roles, p.created_at
              from api_key k join partner p on p.id = k.partner_id
             where k.key_hash = :digest and k.revoked_at is null
            """);
    private static final Sql INSERT = Sql.of("""
            insert into api_key (id, partner_id, key_hash, prefix, created_at)
            values (:id, :partner, :digest, :prefix, :createdAt)
            """);
    private static final Sql REVOKE = Sql.of(
            "update api_key set revoked_at = :revokedAt where id = :id and revoked_at is null");

    /** The partner holding an unrevoked key with this digest, and the key's id. */
    record Holder(UUID keyId, Partner partner) {
    }

    static Optional<ApiKey> byId(Connection c, UUID id) throws SQLException {
        try (Sql.Bound q = BY_ID.on(c).set("id", id)) {
            return Optional.ofNullable(q.first(ApiKey::of));
        }
    }

    static List<ApiKey> ofPartner(Connection c, Partner partner) throws SQLException {
        try (Sql.Bound q = OF_PARTNER.on(c).set("partner", partner.id())) {
            return q.list(ApiKey::of);
        }
    }

    static Optional<Holder> activeByDigest(Connection c, byte[] digest) throws SQLException {
        try (Sql.Bound q = ACTIVE_BY_DIGEST.on(c).set("digest", digest)) {
            return Optional.ofNullable(q.first(r -> new Holder(r.getObject("key_id", UUID.class), Partner.of(r))));
        }
    }

    static ApiKey insert(Connection c, Partner partner, byte[] digest, String prefix, Instant createdAt)
            throws SQLException {
        ApiKey key = new ApiKey(UUID.randomUUID(), partner.id(), prefix, createdAt, null);
        try (Sql.Bound q = INSERT.on(c)) {
            q.set("id", key.id).set("partner", key.partnerId).set("digest", digest).set("prefix", prefix)
                    .set("createdAt", createdAt).update();
        }
        return key;
    }

    /** Whether this call revoked the key (false: it was revoked already). */
    static boolean revoke(Connection c, UUID id, Instant revokedAt) throws SQLException {
        try (Sql.Bound q = REVOKE.on(c)) {
            return q.set("id", id).set("revokedAt", revokedAt).update() == 1;
        }
    }

    private static ApiKey of(ResultSet r) throws SQLException {
        return new ApiKey(r.getObject("id", UUID.class), r.getInt("partner_id"), r.getString("prefix"),
                Sql.instant(r, "created_at"), Sql.instant(r, "revoked_at"));
    }
}
