package id.campaignledger.common;

import java.util.regex.Pattern;

/**
 * A Kemendagri region code: province "36", regency "36.02", district "36.02.17", village
 * "36.02.17.2001". Codes carry their hierarchy, so "lies under" is a prefix test on whole parts.
 */
public record RegionCode(String value) {

    /** The one pattern; Bean Validation annotations and the database CHECK use the same text. */
    public static final String PATTERN = "^[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?)?$";
    public static final String MESSAGE = "must be a Kemendagri area code such as 36 or 36.02";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    public RegionCode {
        if (value == null || !COMPILED.matcher(value).matches()) {
            throw new IllegalArgumentException("not a region code: " + value);
        }
    }

    public static boolean isValid(String value) {
        return value != null && COMPILED.matcher(value).matches();
    }

    /** A query parameter: null when absent, a 400 naming the parameter when malformed. */
    public static String parameter(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!isValid(value)) {
            throw LedgerException.invalid(name, MESSAGE);
        }
        return value;
    }

    /**
     * SQL condition with the named parameter {@code :region}: {@code column} lies under the
     * region (itself or any code below it), or no region was asked for. The '.' keeps "36" from
     * matching "361"; codes are digits and dots, so LIKE has no wildcard to escape.
     */
    public static String under(String column) {
        return under(column, "cast(:region as text)");
    }

    /** The same test between two SQL expressions, for a region that comes from a row. */
    public static String under(String column, String regionExpression) {
        return "(" + regionExpression + " is null or " + column + " = " + regionExpression + " or " + column
                + " like " + regionExpression + " || '.%')";
    }

    @Override
    public String toString() {
        return value;
    }
}
