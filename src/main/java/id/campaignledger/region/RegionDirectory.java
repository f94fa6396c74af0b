package id.campaignledger.region;

import id.campaignledger.region.RegionRecords.RegionRef;
import id.campaignledger.region.RegionRecords.RegionView;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The region reference table, held in memory: about 7,800 short rows (under 2 MB), which change
 * only by a Flyway migration, and migrations run before the service takes requests. Reads of the
 * region API and the names and ancestors of breakdown rows then cost no database round trip.
 */
@ApplicationScoped
public class RegionDirectory {

    record Region(String code, String name, int depth, String parentCode) {
    }

    private record Snapshot(NavigableMap<String, Region> byCode, Map<String, Integer> children, String version) {
    }

    @Inject
    AgroalDataSource dataSource;

    private volatile Snapshot snapshot;

    private Snapshot snapshot() {
        Snapshot s = snapshot;
        if (s == null) {
            synchronized (this) {
                s = snapshot;
                if (s == null) {
                    s = load();
                    snapshot = s;
                }
            }
        }
        return s;
    }

    private Snapshot load() {
        NavigableMap<String, Region> byCode = new TreeMap<>();
        Map<String, Integer> children = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select code, name, level, parent_code from region where level <= 3")) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            while (r.next()) {
                Region region = new Region(r.getString(1), r.getString(2), r.getInt(3), r.getString(4));
                byCode.put(region.code(), region);
                if (region.parentCode() != null) {
                    children.merge(region.parentCode(), 1, Integer::sum);
                }
            }
            for (Region region : byCode.values()) {
                digest.update((region.code() + '\t' + region.name() + '\n').getBytes(StandardCharsets.UTF_8));
            }
            String version = HexFormat.of().formatHex(digest.digest(), 0, 12);
            return new Snapshot(Collections.unmodifiableNavigableMap(byCode), children, version);
        } catch (SQLException e) {
            throw new IllegalStateException("the region table cannot be read", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A digest of every code and name: the ETag of region responses changes exactly when the data does. */
    public String version() {
        return snapshot().version();
    }

    public Optional<RegionRef> find(String code) {
        Region region = code == null ? null : snapshot().byCode().get(code);
        return Optional.ofNullable(region).map(RegionDirectory::ref);
    }

    public String name(String code) {
        Region region = code == null ? null : snapshot().byCode().get(code);
        return region == null ? null : region.name();
    }

    /** The regions above a code, province first (the code need not be in the table itself). */
    public List<RegionRef> ancestors(String code) {
        List<RegionRef> ancestors = new ArrayList<>(2);
        int depth = Level.depthOf(code);
        for (int d = 1; d < depth && d <= 3; d++) {
            Region region = snapshot().byCode().get(Level.prefix(code, d));
            if (region != null) {
                ancestors.add(ref(region));
            }
        }
        return ancestors;
    }

    public RegionView view(String code) {
        Region region = snapshot().byCode().get(code);
        return region == null ? null : view(region);
    }

    /** One page of regions and how many match in all. */
    record Listing(List<RegionView> page, boolean more, int total) {
    }

    /**
     * Regions in code order after a cursor, under a parent and at a level, whose name contains q
     * (case-insensitive). Without a level or q, the regions one level below the parent (the
     * provinces without a parent). The scan is over at most 7,800 rows in memory.
     */
    Listing list(String parent, Level level, String q, String after, int limit) {
        Snapshot s = snapshot();
        NavigableMap<String, Region> range = s.byCode();
        if (parent != null) {
            // Every code under "36.02" sorts between "36.02." and "36.02/" ('/' follows '.').
            range = range.subMap(parent + ".", true, parent + "/", false);
        }
        String needle = q == null ? null : q.toLowerCase(Locale.ROOT);
        int depth = level != null ? level.depth : needle != null ? 0 : parent == null ? 1 : Level.depthOf(parent) + 1;
        Predicate<Region> wanted = r -> (depth == 0 || r.depth() == depth)
                && (needle == null || r.name().toLowerCase(Locale.ROOT).contains(needle));
        List<RegionView> page = new ArrayList<>(Math.min(limit, 64));
        boolean more = false;
        int total = 0;
        for (Region region : range.values()) {
            if (wanted.test(region)) {
                total++;
                if (after != null && region.code().compareTo(after) <= 0) {
                    continue;
                }
                if (page.size() < limit) {
                    page.add(view(region));
                } else {
                    more = true;
                }
            }
        }
        return new Listing(page, more, total);
    }

    private RegionView view(Region region) {
        return new RegionView(region.code(), region.name(), label(region.depth()), region.parentCode(),
                ancestors(region.code()), snapshot().children().getOrDefault(region.code(), 0));
    }

    private static RegionRef ref(Region region) {
        return new RegionRef(region.code(), region.name(), label(region.depth()));
    }

    static String label(int depth) {
        return Level.of(depth).map(Level::label).orElse("village");
    }
}
