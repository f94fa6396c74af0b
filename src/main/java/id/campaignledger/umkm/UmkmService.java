package id.campaignledger.umkm;

import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.Regions;
import jakarta.inject.Inject;
import id.campaignledger.umkm.UmkmExceptions.UmkmNotFound;
import id.campaignledger.umkm.UmkmRecords.UmkmInput;
import id.campaignledger.umkm.UmkmRecords.UmkmPage;
import id.campaignledger.umkm.UmkmRecords.UmkmView;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.query.NativeQuery;

@ApplicationScoped
public class UmkmService {

    @Inject
    LedgerClock clock;

    /**
     * ON CONFLICT (nib) DO NOTHING lets two partners register the same NIB at the same moment:
     * the second insert waits for the first and then inserts nothing, instead of failing.
     */
    private static final String INSERT = """
            insert into umkm (id, nib, name, region_code, sector, scale, curated, export_ready, digital_payments,
                              registered_by, created_at)
            values (:id, :nib, :name, :regionCode, :sector, :scale, :curated, :exportReady, :digitalPayments,
                    :registeredBy, :createdAt)
            on conflict (nib) do nothing
            """;

    /** A registration's outcome: the new UMKM, or the one already registered under the NIB. */
    public record Registered(UmkmView umkm, boolean created) {
    }

    @Transactional
    public Registered register(UmkmInput input, Integer registeredBy) {
        String regionName = Regions.require(input.regionCode());
        UUID id = UUID.randomUUID();
        int inserted = em().createNativeQuery(INSERT)
                .unwrap(NativeQuery.class)
                .setParameter("id", id, UUID.class)
                .setParameter("nib", input.nib(), String.class)
                .setParameter("name", input.name().strip(), String.class)
                .setParameter("regionCode", input.regionCode(), String.class)
                .setParameter("sector", input.sector(), String.class)
                .setParameter("scale", input.scale().name(), String.class)
                .setParameter("curated", Boolean.TRUE.equals(input.curated()), Boolean.class)
                .setParameter("exportReady", Boolean.TRUE.equals(input.exportReady()), Boolean.class)
                .setParameter("digitalPayments", Boolean.TRUE.equals(input.digitalPayments()), Boolean.class)
                .setParameter("registeredBy", registeredBy, Integer.class)
                .setParameter("createdAt", clock.now(), Instant.class)
                .executeUpdate();
        if (inserted == 1) {
            Umkm created = Umkm.findById(id);
            return new Registered(view(created, regionName), true);
        }
        // Only a taken NIB inserts nothing, and the row holding it is committed by now.
        Umkm existing = Umkm.byNib(input.nib()).orElseThrow();
        return new Registered(view(existing, Regions.name(existing.regionCode).orElse(null)), false);
    }

    @Transactional
    public UmkmView get(String id) {
        Umkm umkm = parseId(id).flatMap(Umkm::byId).orElseThrow(() -> new UmkmNotFound(id));
        return view(umkm, Regions.name(umkm.regionCode).orElse(null));
    }

    @Transactional
    public UmkmPage list(UmkmFilter filter) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (filter.regionCode() != null) {
            // Region codes carry their hierarchy ("36" contains "36.02.17"); the '.' keeps "36"
            // from matching "36x". Codes are digits and dots, so LIKE has no wildcard to escape.
            conditions.add("(u.regionCode = :region or u.regionCode like :regionPrefix)");
            parameters.put("region", filter.regionCode());
            parameters.put("regionPrefix", filter.regionCode() + ".%");
        }
        if (filter.curated() != null) {
            conditions.add("u.curated = :curated");
            parameters.put("curated", filter.curated());
        }
        if (filter.exportReady() != null) {
            conditions.add("u.exportReady = :exportReady");
            parameters.put("exportReady", filter.exportReady());
        }
        if (filter.after() != null) {
            conditions.add("u.id > :after");
            parameters.put("after", filter.after());
        }
        String hql = "from Umkm u" + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
                + " order by u.id";
        TypedQuery<Umkm> query = em().createQuery(hql, Umkm.class);
        parameters.forEach(query::setParameter);
        // No first result, so no OFFSET: the cursor condition alone finds the page. One row
        // more than asked tells whether another page follows.
        List<Umkm> rows = query.setMaxResults(filter.limit() + 1).getResultList();
        boolean more = rows.size() > filter.limit();
        List<Umkm> page = more ? rows.subList(0, filter.limit()) : rows;
        Map<String, String> regionNames = Regions.names(page.stream().map(u -> u.regionCode).distinct().toList());
        List<UmkmView> items = page.stream().map(u -> view(u, regionNames.get(u.regionCode))).toList();
        String next = more ? UmkmFilter.cursorAfter(page.get(page.size() - 1).id) : null;
        return new UmkmPage(items, next);
    }

    /** An id that is not a UUID names no UMKM. */
    private static Optional<UUID> parseId(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equalsIgnoreCase(id) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    private static UmkmView view(Umkm u, String regionName) {
        return new UmkmView(u.id, u.nib, u.name, u.regionCode, regionName, u.sector, u.scale, u.curated,
                u.exportReady, u.digitalPayments, u.createdAt);
    }
}
