package id.campaignledger.verify;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A target as the API shows it (GET /api/v1/campaigns/{code}/targets/{id}): campaign, metric,
 * amount, optional regionCode, inclusive period in the ledger's time zone. The verifier adds up
 * the export the way the service's progress does: an entry counts when its occurredAt falls on a
 * day of the period and its region lies under the target's (the code itself or any code below
 * it); value is the sum of amountIdr (reversals subtract), count the number of sales, active UMKM
 * the number of UMKM with a sale.
 */
public record TargetSpec(String id, String campaign, String metric, BigDecimal amount, String regionCode,
        LocalDate periodStart, LocalDate periodEnd) {

    private static final BigDecimal HUNDRED = new BigDecimal(100);

    @SuppressWarnings("unchecked")
    public static TargetSpec parse(String json) {
        Object parsed = Json.parse(json);
        if (!(parsed instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("a target is a JSON object");
        }
        Map<String, Object> m = (Map<String, Object>) parsed;
        String metric = text(m, "metric", true);
        if (!Set.of("TRANSACTION_VALUE", "TRANSACTION_COUNT", "ACTIVE_UMKM").contains(metric)) {
            throw new IllegalArgumentException("target: unknown metric " + metric);
        }
        return new TargetSpec(text(m, "id", false), text(m, "campaign", true), metric,
                new BigDecimal(text(m, "amount", true)), text(m, "regionCode", false),
                LocalDate.parse(text(m, "periodStart", true)), LocalDate.parse(text(m, "periodEnd", true)));
    }

    private static String text(Map<String, Object> m, String key, boolean required) {
        Object v = m.get(key);
        if (v == null && !required) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("target: \"" + key + "\" is missing or not a string");
        }
        return s;
    }

    /** Adds up the entries of one target. */
    public final class Tally {
        private final ZoneId zone;
        private BigDecimal value = BigDecimal.ZERO.setScale(2);
        private long sales;
        private final Set<String> activeUmkm = new HashSet<>();

        public Tally(ZoneId zone) {
            this.zone = zone;
        }

        public TargetSpec spec() {
            return TargetSpec.this;
        }

        public void add(SealedEntry e) {
            if (!campaign.equals(e.campaign()) || !underRegion(e.regionCode())) {
                return;
            }
            LocalDate day = Instant.parse(e.occurredAt()).atZone(zone).toLocalDate();
            if (day.isBefore(periodStart) || day.isAfter(periodEnd)) {
                return;
            }
            value = value.add(new BigDecimal(e.amountIdr()));
            if ("SALE".equals(e.kind())) {
                sales++;
                activeUmkm.add(e.umkm());
            }
        }

        public BigDecimal realised() {
            return switch (metric) {
                case "TRANSACTION_VALUE" -> value;
                case "TRANSACTION_COUNT" -> BigDecimal.valueOf(sales);
                default -> BigDecimal.valueOf(activeUmkm.size());
            };
        }

        /** realised × 100 / target, HALF_EVEN to two decimals, as the progress API computes it. */
        public BigDecimal percent() {
            return realised().multiply(HUNDRED).divide(amount, 2, RoundingMode.HALF_EVEN);
        }

        private boolean underRegion(String code) {
            return regionCode == null || code.equals(regionCode) || code.startsWith(regionCode + ".");
        }
    }

    /** The amount in the API's form: two decimals for IDR, a whole number for counts. */
    public String format(BigDecimal v) {
        return metric.equals("TRANSACTION_VALUE") ? v.setScale(2, RoundingMode.HALF_EVEN).toPlainString()
                : v.setScale(0, RoundingMode.UNNECESSARY).toPlainString();
    }
}
