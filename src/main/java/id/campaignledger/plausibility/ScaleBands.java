package id.campaignledger.plausibility;

import id.campaignledger.umkm.Scale;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The bands of PP 7/2021 Pasal 35 ayat (5) by annual sales (hasil penjualan tahunan): mikro up to
 * Rp 2.000.000.000,00; kecil more than Rp 2 miliar up to Rp 15 miliar; menengah more than Rp 15
 * miliar up to Rp 50 miliar. A UMKM whose sales in a year exceed its registered band's ceiling
 * cannot be what it is registered as, or its figures cannot be true: flagged for review, never
 * refused.
 */
public final class ScaleBands {

    public static final BigDecimal MIKRO_CEILING = new BigDecimal("2000000000.00");
    public static final BigDecimal KECIL_CEILING = new BigDecimal("15000000000.00");
    public static final BigDecimal MENENGAH_CEILING = new BigDecimal("50000000000.00");

    private ScaleBands() {
    }

    /** The largest annual sales the scale allows, in IDR. */
    public static BigDecimal ceiling(Scale scale) {
        return switch (scale) {
            case MIKRO -> MIKRO_CEILING;
            case KECIL -> KECIL_CEILING;
            case MENENGAH -> MENENGAH_CEILING;
        };
    }

    /** The band's lower bound: sales must be more than this (zero for mikro). */
    public static BigDecimal floor(Scale scale) {
        return switch (scale) {
            case MIKRO -> BigDecimal.ZERO.setScale(2);
            case KECIL -> MIKRO_CEILING;
            case MENENGAH -> KECIL_CEILING;
        };
    }

    /** Exactly at the ceiling is within the band ("up to"); one sen more is above it. */
    public static boolean aboveCeiling(BigDecimal annualSales, Scale scale) {
        return annualSales.compareTo(ceiling(scale)) > 0;
    }

    /** annualSales / ceiling to four decimals (HALF_EVEN): 5.0000 is five times the ceiling. */
    public static BigDecimal ratio(BigDecimal annualSales, Scale scale) {
        return annualSales.divide(ceiling(scale), 4, RoundingMode.HALF_EVEN);
    }
}
