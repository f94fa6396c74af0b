package id.campaignledger.umkm;

import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.Regions;
import id.campaignledger.common.db.DatabaseFailure;
import id.campaignledger.common.db.Sql;
import id.campaignledger.umkm.UmkmExceptions.UmkmNotFound;
import id.campaignledger.umkm.UmkmRecords.UmkmInput;
import id.campaignledger.umkm.UmkmRecords.UmkmPage;
import id.campaignledger.umkm.UmkmRecords.UmkmView;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class UmkmService {

    @Inject
    LedgerClock clock;

    @Inject
    AgroalDataSource dataSource;

    /**
     * ON CONFLICT (nib) DO NOTHING lets two partners register the same NIB at the same moment:
     * the second insert waits for the first and then inserts nothing, instead of failing.
     */
    private static final Sql INSERT = Sql.of("""
            insert into umkm (id, nib, name, region_code, sector, scale, curated, export_ready, digital_payments,
                              registered_by, created_at)
            values (:id, :nib, :name, :regionCode, :sector, :scale, :curated, :exportReady, :digitalPayments,
                    :registeredBy, :createdAt)
            on conflict (nib) do nothing
            """);

    /** A registration's outcome: the new UMKM, or the one already registered under the NIB. */
    public record Registered(UmkmView umkm, boolean created) {
    }

    @Transactional
    public Registered register(UmkmInput input, Integer registeredBy) {
        try (Connection c = dataSource.getConnection()) {
            String regionName = Regions.require(c, input.regionCode());
            UUID id = UUID.randomUUID();
            int inserted;
            try (Sql.Bound q = INSERT.on(c)) {
                inserted = q.set("id", id).set("nib", input.nib()).set("name", input.name().strip())
                        .set("regionCode", input.regionCode()).set("sector", input.sector()).set("scale", input.scale())
                        .set("curated", Boolean.TRUE.equals(input.curated()))
                        .set("exportReady", Boolean.TRUE.equals(input.exportReady()))
                        .set("digitalPayments", Boolean.TRUE.equals(input.digitalPayments()))
                        .set("registeredBy", registeredBy).set("createdAt", clock.now()).update();
            }
            if (inserted == 1) {
                return new Registered(view(Umkm.byId(c, id).orElseThrow(), regionName), true);
            }
            // Only a taken NIB inserts nothing, and the row holding it is committed by now.
            Umkm existing = Umkm.byNib(c, input.nib()).orElseThrow();
            return new Registered(view(existing, Regions.name(c, existing.regionCode()).orElse(null)), false);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public UmkmView get(String id) {
        try (Connection c = dataSource.getConnection()) {
            Optional<UUID> uuid = parseId(id);
            Umkm umkm = (uuid.isEmpty() ? Optional.<Umkm>empty() : Umkm.byId(c, uuid.get()))
                    .orElseThrow(() -> new UmkmNotFound(id));
            return view(umkm, Regions.name(c, umkm.regionCode()).orElse(null));
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public UmkmPage list(UmkmFilter filter) {
        List<String> conditions = new ArrayList<>();
        if (filter.regionCode() != null) {
            // Region codes carry their hierarchy ("36" contains "36.02.17"); the '.' keeps "36"
            // from matching "36x". Codes are digits and dots, so LIKE has no wildcard to escape.
            conditions.add("(region_code = :region or region_code like :regionPrefix)");
        }
        if (filter.curated() != null) {
            conditions.add("curated = :curated");
        }
        if (filter.exportReady() != null) {
            conditions.add("export_ready = :exportReady");
        }
        if (filter.after() != null) {
            conditions.add("id > :after");
        }
        // No OFFSET: the cursor condition alone finds the page. One row more than asked tells
        // whether another page follows.
        Sql page = Sql.of(Umkm.COLUMNS + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
                + " order by id limit :limit");
        try (Connection c = dataSource.getConnection(); Sql.Bound q = page.on(c)) {
            if (filter.regionCode() != null) {
                q.set("region", filter.regionCode()).set("regionPrefix", filter.regionCode() + ".%");
            }
            if (filter.curated() != null) {
                q.set("curated", filter.curated());
            }
            if (filter.exportReady() != null) {
                q.set("exportReady", filter.exportReady());
            }
            if (filter.after() != null) {
                q.set("after", filter.after());
            }
            List<Umkm> rows = q.set("limit", filter.limit() + 1).list(Umkm::of);
            boolean more = rows.size() > filter.limit();
            List<Umkm> shown = more ? rows.subList(0, filter.limit()) : rows;
            Map<String, String> regionNames = Regions.names(c, shown.stream().map(Umkm::regionCode).distinct().toList());
            List<UmkmView> items = shown.stream().map(u -> view(u, regionNames.get(u.regionCode()))).toList();
            String next = more ? UmkmFilter.cursorAfter(shown.get(shown.size() - 1).id()) : null;
            return new UmkmPage(items, next);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
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

    private static UmkmView view(Umkm u, String regionName) {
        return new UmkmView(u.id(), u.nib(), u.name(), u.regionCode(), regionName, u.sector(), u.scale(),
                u.curated(), u.exportReady(), u.digitalPayments(), u.createdAt());
    }
}
