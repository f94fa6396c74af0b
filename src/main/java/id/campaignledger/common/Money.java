package id.campaignledger.common;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rupiah arithmetic: exact decimals, two places, banker's rounding. */
public final class Money {

    public static final int SCALE = 2;
    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;
    /** The largest single entry the ledger accepts, in IDR. */
    public static final BigDecimal MAX_ENTRY_IDR = new BigDecimal("1000000000000000");
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private Money() {
    }

    /** The IDR value of a foreign amount at the partner's rate, rounded HALF_EVEN to the sen. */
    public static BigDecimal toIdr(BigDecimal amount, BigDecimal fxRateToIdr) {
        return amount.multiply(fxRateToIdr).setScale(SCALE, ROUNDING);
    }

    public static BigDecimal sen(BigDecimal value) {
        return value.setScale(SCALE, ROUNDING);
    }

    /** The wire form of an amount: a plain string with exactly two decimals. */
    public static String format(BigDecimal value) {
        return value == null ? null : value.setScale(SCALE, ROUNDING).toPlainString();
    }

    /** A decimal's canonical text, so that "10.5" and "10.50" compare equal. */
    public static String canonical(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }
}
