package id.campaignledger.progress;

import id.campaignledger.campaign.TargetMetric;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Response bodies of the progress API. */
public final class ProgressRecords {

    private ProgressRecords() {
    }

    public record Totals(String amountIdr, long transactionCount, long activeUmkm) {
    }

    public record TargetProgress(UUID targetId, String name, TargetMetric metric, String regionCode,
            LocalDate periodStart, LocalDate periodEnd, String target, String realised, String percent,
            String remaining, boolean achieved) {
    }

    public record CampaignProgress(String campaign, Instant asOf, String timeZone, Totals totals,
            List<TargetProgress> targets) {
    }
}
