package id.campaignledger.campaign;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

@Entity
@Table(name = "campaign")
class Campaign extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Integer id;

    String code;

    String name;

    String description;

    @Column(name = "starts_on")
    LocalDate startsOn;

    @Column(name = "ends_on")
    LocalDate endsOn;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "updated_at")
    Instant updatedAt;

    static Optional<Campaign> byCode(String code) {
        return find("code", code).firstResultOptional();
    }

    /**
     * The campaign, locked FOR UPDATE until the transaction ends. Unlike FOR NO KEY UPDATE (what
     * Hibernate issues for PESSIMISTIC_WRITE on PostgreSQL), it conflicts with the key-share lock
     * that inserting a ledger entry takes on the entry's campaign: entries being posted right
     * now are committed before the lock is granted, and new ones wait until it is released.
     */
    static Optional<Campaign> lockedAgainstNewEntries(String code) {
        List<?> ids = getEntityManager()
                .createNativeQuery("select id from campaign where code = :code for update", Integer.class)
                .setParameter("code", code)
                .getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(findById(ids.get(0)));
    }

    /**
     * Sorted here rather than by the database, whose collation (en_US on many servers) would
     * ignore '_' and '-' and order codes differently from one server to the next.
     */
    static List<Campaign> allByCode() {
        return Campaign.<Campaign>listAll().stream().sorted(Comparator.comparing(c -> c.code)).toList();
    }
}
