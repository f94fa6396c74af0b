package id.campaignledger.progress;

import id.campaignledger.campaign.TargetMetric;
import id.campaignledger.progress.ProgressRecords.TargetProgress;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.UUID;

/** How far a target is: the arithmetic, apart from where the realised figure comes from. */
final class Progress {

    private static final BigDecimal HUNDRED = new BigDecimal(100);

    private Progress() {
    }

    /** realised / target × 100, HALF_EVEN to two decimals; may exceed 100, never divides by zero (target > 0). */
    static BigDecimal percent(BigDecimal realised, BigDecimal target) {
        return realised.multiply(HUNDRED).divide(target, 2, RoundingMode.HALF_EVEN);
    }

    static TargetProgress of(UUID id, String name, TargetMetric metric, String regionCode, LocalDate start,
            LocalDate end, BigDecimal target, BigDecimal realised) {
        BigDecimal remaining = target.subtract(realised).max(BigDecimal.ZERO);
        return new TargetProgress(id, name, metric, regionCode, start, end, metric.format(target),
                metric.format(realised), percent(realised, target).toPlainString(), metric.format(remaining),
                realised.compareTo(target) >= 0);
    }
}
