package id.campaignledger.common;

import io.quarkus.hibernate.orm.panache.Panache;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The region reference table (Kemendagri codes), which has no entity of its own. */
public final class Regions {

    private Regions() {
    }

    /** The name of a region that must exist, or the 422 that says it does not. */
    public static String require(String code) {
        return name(code).orElseThrow(() -> new UnknownRegion(code));
    }

    /** A region code that is well formed but names no region of the reference table. */
    public static final class UnknownRegion extends LedgerException {
        UnknownRegion(String regionCode) {
            super(ProblemType.RULE_VIOLATION, "There is no region with code '" + regionCode + "'.");
        }
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
