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

    /** ancestors: for region rows, the province and regency above the key (empty for a province); else null. */
    public record BreakdownRow(String key, String label, String amountIdr, long transactionCount, String share,
            List<id.campaignledger.region.RegionRecords.RegionRef> ancestors) {
    }

    public record Breakdown(String campaign, String by, LocalDate from, LocalDate to, String totalAmountIdr,
            List<BreakdownRow> rows) {
    }

    public record Point(LocalDate period, String amountIdr, long transactionCount, String cumulativeAmountIdr) {
    }

    public record TimeSeries(String campaign, String interval, LocalDate from, LocalDate to, String regionCode,
            String timeZone, List<Point> points) {
    }
}
