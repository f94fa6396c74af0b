package id.campaignledger.common;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * ISO 3166-1 alpha-2 country codes: where an export goes. The list is the Java runtime's
 * ({@link Locale#getISOCountries(Locale.IsoCountryCode)} with {@code PART1_ALPHA2}: the 249
 * officially assigned codes in Java 17; no user-assigned codes such as XK, no withdrawn ones such
 * as AN). It comes with the JDK under its licence (GPLv2 with the Classpath Exception), so a later
 * runtime may add a newly assigned code; a code once accepted stays valid in the ledger.
 */
public final class Countries {

    private static final Set<String> ASSIGNED = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

    private Countries() {
    }

    /** True for an assigned code in upper case ("SG"); false for "sg", "UK", "XK" or "ZZ". */
    public static boolean isAssigned(String code) {
        return code != null && code.length() == 2 && code.equals(code.toUpperCase(Locale.ROOT))
                && ASSIGNED.contains(code);
    }

    /** The country's English name ("Singapore"), if the code is assigned. */
    public static Optional<String> englishName(String code) {
        return isAssigned(code) ? Optional.of(new Locale("", code).getDisplayCountry(Locale.ENGLISH)) : Optional.empty();
    }
}
