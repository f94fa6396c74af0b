package id.campaignledger.milestone;

import id.campaignledger.campaign.TargetMetric;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** The milestones of a target: 25, 50, 75 and 100 %, then every tenfold (1,000 %, 10,000 % ...). */
public final class Thresholds {

    private static final List<BigDecimal> FIRST = List.of(BigDecimal.valueOf(25), BigDecimal.valueOf(50),
            BigDecimal.valueOf(75), BigDecimal.valueOf(100));

    private Thresholds() {
    }

    /** Every threshold that realised against target has reached (realised × 100 ≥ threshold × target), exactly. */
    public static List<BigDecimal> reached(BigDecimal realised, BigDecimal target) {
        List<BigDecimal> reached = new ArrayList<>();
        if (target.signum() <= 0) {
            return reached;
        }
        BigDecimal scaled = realised.movePointRight(2);
        for (BigDecimal t : FIRST) {
            if (scaled.compareTo(t.multiply(target)) >= 0) {
                reached.add(t);
            }
        }
        for (BigDecimal t = BigDecimal.valueOf(1000); scaled.compareTo(t.multiply(target)) >= 0;
                t = t.movePointRight(1)) {
            reached.add(t);
        }
        return reached;
    }

    /** As the progress API writes them: IDR with two decimals, counts as whole numbers. */
    static String format(TargetMetric metric, BigDecimal value) {
        return value.setScale(metric == TargetMetric.TRANSACTION_VALUE ? 2 : 0, RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    static String percent(BigDecimal realised, BigDecimal target) {
        return realised.multiply(BigDecimal.valueOf(100)).divide(target, 2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
