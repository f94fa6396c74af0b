package id.campaignledger.milestone;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of milestone evaluation ({@code ledger.milestones.*}). */
@ConfigMapping(prefix = "ledger.milestones")
public interface MilestoneConfig {

    /** Evaluates in the background. Tests turn it off and evaluate when they choose. */
    @WithDefault("true")
    boolean enabled();

    /** How often the ledger is looked at for changes. */
    @WithDefault("2s")
    Duration interval();

    /** Evaluates at least this often even when no change was counted (see V31). */
    @WithDefault("60s")
    Duration fullEvery();
}
