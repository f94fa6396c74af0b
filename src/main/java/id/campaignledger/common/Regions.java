package id.campaignledger.common;

import io.quarkus.hibernate.orm.panache.Panache;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The region reference table (Kemendagri codes), which has no entity of its own. */
public final class Regions {

    /**
     * SQL condition: region_code lies under a region (itself or any code below it), or no region
     * was asked for. Codes carry their hierarchy, and the '.' keeps "36" from matching "361".
     * Bind the region three times with {@link #bindUnder}.
     */
    public static final String UNDER = "(cast(? as text) is null or region_code = ? or region_code like ? || '.%')";

    private Regions() {
    }

    /**
     * {@link #UNDER} between two SQL expressions, for a region that comes from a row rather than a
     * parameter: the code in {@code code} lies under the region in {@code region}, or that is null.
     */
    public static String under(String code, String region) {
        return "(" + region + " is null or " + code + " = " + region + " or " + code + " like " + region
                + " || '.%')";
    }

    /** Binds the region of {@link #UNDER} from the given parameter index on; null asks for all regions. */
    public static void bindUnder(PreparedStatement statement, int first, String region) throws SQLException {
        statement.setString(first, region);
        statement.setString(first + 1, region);
        statement.setString(first + 2, region);
    }

    /** The name of a region of the reference table, if the code is in it. */
    public static Optional<String> name(String code) {
        if (code == null) {
            return Optional.empty();
        }
        List<?> names = Panache.getEntityManager()
                .createNativeQuery("select name from region where code = :code", String.class)
                .setParameter("code", code)
                .getResultList();
        return names.stream().map(String.class::cast).findFirst();
    }

    public static Map<String, String> names(Collection<String> codes) {
        Map<String, String> names = new HashMap<>();
        if (codes.isEmpty()) {
            return names;
        }
        List<?> rows = Panache.getEntityManager()
                .createNativeQuery("select code, name from region where code in (:codes)", Object[].class)
                .setParameter("codes", codes)
                .getResultList();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            names.put((String) columns[0], (String) columns[1]);
        }
        return names;
    }
}
