package id.campaignledger.campaign;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** One version of a target as it was written. Rows are only ever inserted. */
@Entity
@Immutable
@Table(name = "target_revision")
@IdClass(TargetRevision.Key.class)
class TargetRevision extends PanacheEntityBase {

    @Id
    @Column(name = "target_id")
    UUID targetId;

    @Id
    int version;

    String name;

    @Enumerated(EnumType.STRING)
    TargetMetric metric;

    BigDecimal amount;

    @Column(name = "region_code")
    String regionCode;

    @Column(name = "period_start")
    LocalDate periodStart;

    @Column(name = "period_end")
    LocalDate periodEnd;

    String reason;

    @Column(name = "revised_at")
    Instant revisedAt;

    @Column(name = "revised_by")
    String revisedBy;

    static TargetRevision of(Target target, String reason, String revisedBy) {
        TargetRevision revision = new TargetRevision();
        revision.targetId = target.id;
        revision.version = target.version;
        revision.name = target.name;
        revision.metric = target.metric;
        revision.amount = target.amount;
        revision.regionCode = target.regionCode;
        revision.periodStart = target.periodStart;
        revision.periodEnd = target.periodEnd;
        revision.reason = reason;
        revision.revisedAt = target.updatedAt;
        revision.revisedBy = revisedBy;
        return revision;
    }

    static List<TargetRevision> ofTarget(UUID targetId) {
        return list("targetId = ?1 order by version", targetId);
    }

    public static class Key implements Serializable {
        UUID targetId;
        int version;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && version == key.version && Objects.equals(targetId, key.targetId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(targetId, version);
        }
    }
}
