package id.campaignledger.common;

import id.campaignledger.common.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Names from the region reference table (Kemendagri codes), on the caller's connection. */
public final class Regions {

    private static final Sql NAME = Sql.of("select name from region where code = :code");
    private static final Sql NAMES = Sql.of("select code, name from region where code = any (:codes)");

    private Regions() {
    }

    /** The name of a region that must exist, or the 422 that says it does not. */
    public static String require(Connection c, String code) throws SQLException {
        return name(c, code).orElseThrow(() -> new UnknownRegion(code));
    }

    /** A region code that is well formed but names no region of the reference table. */
    public static final class UnknownRegion extends LedgerException {
        UnknownRegion(String regionCode) {
            super(ProblemType.RULE_VIOLATION, "There is no region with code '" + regionCode + "'.");
        }
    }

    /** The name of a region of the reference table, if the code is in it. */
    public static Optional<String> name(Connection c, String code) throws SQLException {
        if (code == null) {
            return Optional.empty();
        }
        try (Sql.Bound q = NAME.on(c).set("code", code)) {
            return Optional.ofNullable(q.first(r -> r.getString(1)));
        }
    }

    public static Map<String, String> names(Connection c, Collection<String> codes) throws SQLException {
        Map<String, String> names = new HashMap<>();
        if (codes.isEmpty()) {
            return names;
        }
        try (Sql.Bound q = NAMES.on(c).array("codes", "text", codes)) {
            q.list(r -> names.put(r.getString(1), r.getString(2)));
        }
        return names;
    }
}
