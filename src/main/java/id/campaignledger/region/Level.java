package id.campaignledger.region;

import java.util.Arrays;
import java.util.Optional;

/** The levels of Kemendagri codes this ledger knows: "36", "36.02", "36.02.22". */
public enum Level {
    PROVINCE(1, "province"), REGENCY(2, "regency"), DISTRICT(3, "district");

    final int depth;
    final String label;

    Level(int depth, String label) {
        this.depth = depth;
        this.label = label;
    }

    public String label() {
        return label;
    }

    public int depth() {
        return depth;
    }

    public static Optional<Level> of(int depth) {
        return Arrays.stream(values()).filter(l -> l.depth == depth).findFirst();
    }

    public static Optional<Level> ofLabel(String label) {
        return Arrays.stream(values()).filter(l -> l.label.equals(label)).findFirst();
    }

    /** The level of a code by its number of parts; villages (four parts) are not loaded. */
    public static int depthOf(String code) {
        return code.split("\\.").length;
    }

    /**
     * The code of the given depth that contains the given code, or the code itself when it is
     * shallower (a UMKM registered at province level counts under its province only).
     */
    public static String prefix(String code, int depth) {
        String[] parts = code.split("\\.");
        if (parts.length <= depth) {
            return code;
        }
        return String.join(".", Arrays.copyOf(parts, depth));
    }
}
