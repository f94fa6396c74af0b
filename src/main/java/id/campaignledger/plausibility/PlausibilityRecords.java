package id.campaignledger.plausibility;

import id.campaignledger.region.RegionRecords.RegionRef;
import id.campaignledger.umkm.Scale;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The plausibility report of a campaign's year. Amounts are IDR strings with two decimals. */
public final class PlausibilityRecords {

    private PlausibilityRecords() {
    }

    public record Band(Scale scale, String floorIdr, String ceilingIdr) {
    }

    /**
     * A UMKM whose sales in the year exceed its scale's ceiling. amountIdr: its sales in the year
     * across all campaigns (one business's annual sales); campaignAmountIdr: the part in this campaign.
     */
    public record FlaggedUmkm(UUID umkmId, String name, Scale scale, String regionCode, String regionName,
            List<RegionRef> ancestors, String amountIdr, String campaignAmountIdr, String ceilingIdr, String ratio) {
    }

    /** A single sale larger than its UMKM's yearly ceiling. */
    public record LargeEntry(UUID transactionId, UUID umkmId, String umkmName, Scale scale, String amountIdr,
            String ceilingIdr, String ratio, OffsetDateTime occurredAt) {
    }

    public record Concentration(int umkmCount, String amountIdr, String share) {
    }

    /**
     * A value target overlapping the year: what its region realised in the year and how much of
     * that comes from flagged UMKM.
     */
    public record TargetQuality(UUID targetId, String name, String regionCode, String regionName, LocalDate periodStart,
            LocalDate periodEnd, String realisedInYearIdr, String fromFlaggedUmkmIdr, String flaggedShare) {
    }

    public record Plausibility(String campaign, int year, String timeZone, List<Band> bands, String totalAmountIdr,
            int activeUmkm, int flaggedUmkmCount, String flaggedAmountIdr, String flaggedShare,
            List<FlaggedUmkm> flaggedUmkm, List<LargeEntry> largeEntries, Concentration top10,
            List<TargetQuality> targets) {
    }
}
