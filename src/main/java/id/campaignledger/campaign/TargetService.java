package id.campaignledger.campaign;

import id.campaignledger.common.Regions;
import id.campaignledger.campaign.CampaignExceptions.FractionalCount;
import id.campaignledger.campaign.CampaignExceptions.RevisionConflict;
import id.campaignledger.campaign.CampaignExceptions.TargetNotFound;
import id.campaignledger.campaign.CampaignRecords.TargetInput;
import id.campaignledger.campaign.CampaignRecords.TargetRevisionInput;
import id.campaignledger.campaign.CampaignRecords.TargetRevisionView;
import id.campaignledger.campaign.CampaignRecords.TargetView;
import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.Money;
import id.campaignledger.common.db.DatabaseFailure;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Targets and their history. The target row holds the current version; target_revision holds
 * every version (the current one included) and is only ever appended to.
 */
@ApplicationScoped
public class TargetService {

    @Inject
    LedgerClock clock;

    @Inject
    AgroalDataSource dataSource;

    @Transactional
    public TargetView create(String campaignCode, TargetInput input, String createdBy) {
        Dates.requireOrdered("periodStart", input.periodStart(), "periodEnd", input.periodEnd());
        try (Connection c = dataSource.getConnection()) {
            Campaign campaign = CampaignService.existing(c, campaignCode);
            String regionName = checkRules(c, input);
            Target target = Target.first(campaign.id(), content(input));
            target.insert(c);
            TargetRevision.of(target, null, createdBy).insert(c);
            return view(target, campaign, regionName);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public List<TargetView> list(String campaignCode) {
        try (Connection c = dataSource.getConnection()) {
            Campaign campaign = CampaignService.existing(c, campaignCode);
            List<Target> targets = Target.ofCampaign(c, campaign);
            Map<String, String> regionNames = Regions.names(c,
                    targets.stream().map(Target::regionCode).filter(Objects::nonNull).distinct().toList());
            return targets.stream().map(t -> view(t, campaign, regionNames.get(t.regionCode()))).toList();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public TargetView revise(String campaignCode, String targetId, TargetRevisionInput revision, String revisedBy) {
        TargetInput input = revision.content();
        Dates.requireOrdered("periodStart", input.periodStart(), "periodEnd", input.periodEnd());
        try (Connection c = dataSource.getConnection()) {
            Campaign campaign = CampaignService.existing(c, campaignCode);
            Target current = Target.lockedInCampaign(c, campaign, parseId(campaignCode, targetId))
                    .orElseThrow(() -> new TargetNotFound(campaignCode, targetId));
            String regionName = checkRules(c, input);
            Target target = current.next(content(input));
            target.update(c);
            try {
                TargetRevision.of(target, revision.reason(), revisedBy).insert(c);
            } catch (SQLException e) {
                // Only possible if the row lock was bypassed; the primary key keeps versions unique.
                if (CampaignExceptions.isUniqueViolation(e)) {
                    throw new RevisionConflict(target.id());
                }
                throw e;
            }
            return view(target, campaign, regionName);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public List<TargetRevisionView> revisions(String campaignCode, String targetId) {
        try (Connection c = dataSource.getConnection()) {
            Campaign campaign = CampaignService.existing(c, campaignCode);
            Target target = Target.inCampaign(c, campaign, parseId(campaignCode, targetId))
                    .orElseThrow(() -> new TargetNotFound(campaignCode, targetId));
            return TargetRevision.ofTarget(c, target.id()).stream().map(TargetService::view).toList();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** The rules beyond the field checks; returns the name of the target's region, if any. */
    private static String checkRules(Connection c, TargetInput input) throws SQLException {
        if (input.metric().isCount() && input.amount().stripTrailingZeros().scale() > 0) {
            throw new FractionalCount(input.metric(), input.amount());
        }
        if (input.regionCode() == null) {
            return null;
        }
        return Regions.require(c, input.regionCode());
    }

    private Target.Content content(TargetInput input) {
        return new Target.Content(input.name(), input.metric(), Money.sen(input.amount()), input.regionCode(),
                input.periodStart(), input.periodEnd(), clock.now());
    }

    /** An id that is not a UUID names no target. */
    private static UUID parseId(String campaignCode, String targetId) {
        try {
            UUID id = UUID.fromString(targetId);
            if (id.toString().equalsIgnoreCase(targetId)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new TargetNotFound(campaignCode, targetId);
    }

    private static TargetView view(Target t, Campaign campaign, String regionName) {
        return new TargetView(t.id(), campaign.code(), t.name(), t.metric(), t.metric().format(t.amount()),
                t.regionCode(), regionName, t.periodStart(), t.periodEnd(), t.version(), t.createdAt(), t.updatedAt());
    }

    private static TargetRevisionView view(TargetRevision r) {
        return new TargetRevisionView(r.version(), r.name(), r.metric(), r.metric().format(r.amount()),
                r.regionCode(), r.periodStart(), r.periodEnd(), r.reason(), r.revisedAt(), r.revisedBy());
    }
}
