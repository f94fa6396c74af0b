package id.campaignledger.campaign;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The current version of a target; every version, this one included, is also a {@link TargetRevision}. */
@Entity
@Table(name = "target")
class Target extends PanacheEntityBase {

    @Id
    UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "campaign_id")
    Campaign campaign;

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

    int version;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "updated_at")
    Instant updatedAt;

    static List<Target> ofCampaign(Campaign campaign) {
        return list("campaign = ?1 order by periodStart, id", campaign);
    }

    static Optional<Target> inCampaign(Campaign campaign, UUID id) {
        return find("campaign = ?1 and id = ?2", campaign, id).firstResultOptional();
    }

    /**
     * The target locked against concurrent revisions until the transaction ends, so that each
     * revision reads the version the previous one wrote and none is lost.
     */
    static Optional<Target> lockedInCampaign(Campaign campaign, UUID id) {
        return find("campaign = ?1 and id = ?2", campaign, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }
}
