package id.campaignledger.partner;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Entity
@Table(name = "api_key")
class ApiKey extends PanacheEntityBase {

    @Id
    UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "partner_id")
    Partner partner;

    @Column(name = "key_hash")
    byte[] keyHash;

    String prefix;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "revoked_at")
    Instant revokedAt;

    static Optional<ApiKey> activeByDigest(byte[] digest) {
        return find("from ApiKey k join fetch k.partner where k.keyHash = ?1 and k.revokedAt is null", digest)
                .firstResultOptional();
    }

    static List<ApiKey> ofPartner(Partner partner) {
        return list("partner = ?1 order by createdAt, id", partner);
    }
}
