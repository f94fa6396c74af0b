package id.campaignledger.campaign;

import id.campaignledger.common.db.Sql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** One version of a target as it was written. Rows are only ever inserted. */
record TargetRevision(UUID targetId, int version, String name, TargetMetric metric, BigDecimal amount,
        String regionCode, LocalDate periodStart, LocalDate periodEnd, String reason, Instant revisedAt,
        String revisedBy) {

    private static final Sql OF_TARGET = Sql.of("""
            select target_id, version, name, metric, amount, region_code, period_start, period_end, reason,
                   revised_at, revised_by
              from target_revision where target_id = :target order by version
            """);
    private static final Sql INSERT = Sql.of("""
            insert into target_revision (target_id, version, name, metric, amount, region_code, period_start,
                                         period_end, reason, revised_at, revised_by)
            values (:target, :version, :name, :metric, :amount, :regionCode, :periodStart, :periodEnd, :reason,
                    :revisedAt, :revisedBy)
            """);

    static TargetRevision of(Target target, String reason, String revisedBy) {
        return new TargetRevision(target.id(), target.version(), target.name(), target.metric(), target.amount(),
                target.regionCode(), target.periodStart(), target.periodEnd(), reason, target.updatedAt(), revisedBy);
    }

    static List<TargetRevision> ofTarget(Connection c, UUID targetId) throws SQLException {
        try (Sql.Bound q = OF_TARGET.on(c).set("target", targetId)) {
            return q.list(TargetRevision::of);
        }
    }

    void insert(Connection c) throws SQLException {
        try (Sql.Bound q = INSERT.on(c)) {
            q.set("target", targetId).set("version", version).set("name", name).set("metric", metric)
                    .set("amount", amount).set("regionCode", regionCode).set("periodStart", periodStart)
                    .set("periodEnd", periodEnd).set("reason", reason).set("revisedAt", revisedAt)
                    .set("revisedBy", revisedBy).update();
        }
    }

    private static TargetRevision of(ResultSet r) throws SQLException {
        return new TargetRevision(r.getObject("target_id", UUID.class), r.getInt("version"), r.getString("name"),
                TargetMetric.valueOf(r.getString("metric")), r.getBigDecimal("amount"), r.getString("region_code"),
                r.getObject("period_start", LocalDate.class), r.getObject("period_end", LocalDate.class),
                r.getString("reason"), Sql.instant(r, "revised_at"), r.getString("revised_by"));
    }
}
