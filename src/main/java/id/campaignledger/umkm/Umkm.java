package id.campaignledger.umkm;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A registered business. Rows are inserted by {@link UmkmService#register} with SQL of its own. */
@Entity
@Table(name = "umkm")
class Umkm extends PanacheEntityBase {

    @Id
    UUID id;

    String nib;

    String name;

    @Column(name = "region_code")
    String regionCode;

    String sector;

    @Enumerated(EnumType.STRING)
    Scale scale;

    boolean curated;

    @Column(name = "export_ready")
    boolean exportReady;

    @Column(name = "digital_payments")
    boolean digitalPayments;

    @Column(name = "registered_by")
    Integer registeredBy;

    @Column(name = "created_at")
    Instant createdAt;

    static Optional<Umkm> byId(UUID id) {
        return findByIdOptional(id);
    }

    static Optional<Umkm> byNib(String nib) {
        return find("nib", nib).firstResultOptional();
    }
}
