package id.campaignledger.milestone;

import id.campaignledger.campaign.TargetMetric;
import java.time.Instant;
import java.util.UUID;

/** Bodies of the milestone API and of target.milestone events. */
public final class MilestoneRecords {

    private MilestoneRecords() {
    }

    public record Milestone(UUID targetId, String campaign, int targetVersion, String targetName, TargetMetric metric,
            String regionCode, String threshold, String target, String realised, String percent, Instant reachedAt) {
    }
}
