package id.campaignledger.campaign;

import id.campaignledger.common.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** What a target measures. The count metrics are whole numbers; only the IDR value has sen. */
public enum TargetMetric {
    TRANSACTION_VALUE, TRANSACTION_COUNT, ACTIVE_UMKM;

    public boolean isCount() {
        return this != TRANSACTION_VALUE;
    }

    /** The wire form of an amount of this metric: "60000000000.00" for IDR, "1206" for counts. */
    public String format(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        // Counts are stored in a numeric(20, 2) column as 1206.00; the database refuses fractions.
        return isCount() ? amount.setScale(0, RoundingMode.UNNECESSARY).toPlainString() : Money.format(amount);
    }
}
