package id.campaignledger.umkm;

import id.campaignledger.common.db.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A registered business as stored. Rows are inserted by {@link UmkmService#register}. */
record Umkm(UUID id, String nib, String name, String regionCode, String sector, Scale scale, boolean curated,
        boolean exportReady, boolean digitalPayments, Instant createdAt) {

    static final String COLUMNS = "select id, nib, name, region_code, sector, scale, curated, export_ready,"
            + " digital_payments, created_at from umkm";
    private static final Sql BY_ID = Sql.of(COLUMNS + " where id = :id");
    private static final Sql BY_NIB = Sql.of(COLUMNS + " where nib = :nib");

    static Optional<Umkm> byId(Connection c, UUID id) throws SQLException {
        try (Sql.Bound q = BY_ID.on(c).set("id", id)) {
            return Optional.ofNullable(q.first(Umkm::of));
        }
    }

    static Optional<Umkm> byNib(Connection c, String nib) throws SQLException {
        try (Sql.Bound q = BY_NIB.on(c).set("nib", nib)) {
            return Optional.ofNullable(q.first(Umkm::of));
        }
    }

    static Umkm of(ResultSet r) throws SQLException {
        return new Umkm(r.getObject("id", UUID.class), r.getString("nib"), r.getString("name"),
                r.getString("region_code"), r.getString("sector"), Scale.valueOf(r.getString("scale")),
                r.getBoolean("curated"), r.getBoolean("export_ready"), r.getBoolean("digital_payments"),
                Sql.instant(r, "created_at"));
    }
}
