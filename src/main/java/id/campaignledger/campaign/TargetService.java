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
import jakarta.inject.Inject;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
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

    @Transactional
    public TargetView create(String campaignCode, TargetInput input, String createdBy) {
        Dates.requireOrdered("periodStart", input.periodStart(), "periodEnd", input.periodEnd());
        Campaign campaign = CampaignService.existing(campaignCode);
        String regionName = checkRules(input);
        Target target = new Target();
        target.id = UUID.randomUUID();
        target.campaign = campaign;
        target.version = 1;
        apply(target, input);
        target.createdAt = target.updatedAt;
        target.persist();
        TargetRevision.of(target, null, createdBy).persist();
        return view(target, regionName);
    }

    @Transactional
    public List<TargetView> list(String campaignCode) {
        List<Target> targets = Target.ofCampaign(CampaignService.existing(campaignCode));
        Map<String, String> regionNames = Regions.names(
                targets.stream().map(t -> t.regionCode).filter(Objects::nonNull).distinct().toList());
        return targets.stream().map(t -> view(t, regionNames.get(t.regionCode))).toList();
    }

    @Transactional
    public TargetView revise(String campaignCode, String targetId, TargetRevisionInput revision, String revisedBy) {
        TargetInput input = revision.content();
        Dates.requireOrdered("periodStart", input.periodStart(), "periodEnd", input.periodEnd());
        Campaign campaign = CampaignService.existing(campaignCode);
        Target target = Target.lockedInCampaign(campaign, parseId(campaignCode, targetId))
                .orElseThrow(() -> new TargetNotFound(campaignCode, targetId));
        String regionName = checkRules(input);
        apply(target, input);
        target.version += 1;
        TargetRevision.of(target, revision.reason(), revisedBy).persist();
        try {
            Panache.getEntityManager().flush();
        } catch (PersistenceException e) {
            // Only possible if the row lock was bypassed; the primary key keeps versions unique.
            if (CampaignExceptions.isUniqueViolation(e)) {
                throw new RevisionConflict(target.id);
            }
            throw e;
        }
        return view(target, regionName);
    }

    @Transactional
    public List<TargetRevisionView> revisions(String campaignCode, String targetId) {
        Campaign campaign = CampaignService.existing(campaignCode);
        Target target = Target.inCampaign(campaign, parseId(campaignCode, targetId))
                .orElseThrow(() -> new TargetNotFound(campaignCode, targetId));
        return TargetRevision.ofTarget(target.id).stream().map(TargetService::view).toList();
    }

    /** The rules beyond the field checks; returns the name of the target's region, if any. */
    private static String checkRules(TargetInput input) {
        if (input.metric().isCount() && input.amount().stripTrailingZeros().scale() > 0) {
            throw new FractionalCount(input.metric(), input.amount());
        }
        if (input.regionCode() == null) {
            return null;
        }
        return Regions.require(input.regionCode());
    }

    private void apply(Target target, TargetInput input) {
        target.name = input.name();
        target.metric = input.metric();
        target.amount = Money.sen(input.amount());
        target.regionCode = input.regionCode();
        target.periodStart = input.periodStart();
        target.periodEnd = input.periodEnd();
        target.updatedAt = clock.now();
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

    private static TargetView view(Target t, String regionName) {
        return new TargetView(t.id, t.campaign.code, t.name, t.metric, t.metric.format(t.amount), t.regionCode,
                regionName, t.periodStart, t.periodEnd, t.version, t.createdAt, t.updatedAt);
    }

    private static TargetRevisionView view(TargetRevision r) {
        return new TargetRevisionView(r.version, r.name, r.metric, r.metric.format(r.amount), r.regionCode,
                r.periodStart, r.periodEnd, r.reason, r.revisedAt, r.revisedBy);
    }
}
