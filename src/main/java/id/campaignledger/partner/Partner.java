package id.campaignledger.partner;

import id.campaignledger.common.db.Sql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A partner as stored; {@link PartnerService} writes the table, through the statements here. */
record Partner(Integer id, String code, String name, String kind, Set<Role> roles, Instant createdAt) {

    private static final String COLUMNS = "select id, code, name, kind, roles, created_at from partner";
    private static final Sql BY_CODE = Sql.of(COLUMNS + " where code = :code");
    private static final Sql ALL = Sql.of(COLUMNS + " order by code");
    private static final Sql INSERT = Sql.of("""
            insert into partner (code, name, kind, roles, created_at)
            values (:code, :name, :kind, :roles, :createdAt)
            returning id, code, name, kind, roles, created_at
            """);

    static Optional<Partner> byCode(Connection c, String code) throws SQLException {
        try (Sql.Bound q = BY_CODE.on(c).set("code", code)) {
            return Optional.ofNullable(q.first(Partner::of));
        }
    }

    static List<Partner> all(Connection c) throws SQLException {
        try (Sql.Bound q = ALL.on(c)) {
            return q.list(Partner::of);
        }
    }

    /** Roles are stored sorted, so that a partner's row reads the same however it was asked for. */
    static Partner insert(Connection c, String code, String name, PartnerKind kind, Set<Role> roles, Instant createdAt)
            throws SQLException {
        try (Sql.Bound q = INSERT.on(c)) {
            return q.set("code", code).set("name", name).set("kind", kind)
                    .array("roles", "text", roles.stream().sorted().map(Role::name).toList())
                    .set("createdAt", createdAt)
                    .first(Partner::of);
        }
    }

    static Partner of(ResultSet r) throws SQLException {
        return new Partner(r.getInt("id"), r.getString("code"), r.getString("name"), r.getString("kind"),
                roles(r.getArray("roles")), Sql.instant(r, "created_at"));
    }

    private static Set<Role> roles(Array stored) throws SQLException {
        EnumSet<Role> set = EnumSet.noneOf(Role.class);
        Arrays.stream((String[]) stored.getArray()).map(Role::valueOf).forEach(set::add);
        return set;
    }
}
