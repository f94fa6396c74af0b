package id.campaignledger.campaign;

import id.campaignledger.campaign.CampaignExceptions.CampaignNotFound;
import id.campaignledger.campaign.CampaignExceptions.DatesExcludeEntries;
import id.campaignledger.campaign.CampaignExceptions.DuplicateCampaign;
import id.campaignledger.campaign.CampaignRecords.CampaignCreate;
import id.campaignledger.campaign.CampaignRecords.CampaignUpdate;
import id.campaignledger.campaign.CampaignRecords.CampaignView;
import id.campaignledger.common.LedgerClock;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.hibernate.Session;

@ApplicationScoped
public class CampaignService {

    @Inject
    LedgerClock clock;

    @Transactional
    public CampaignView create(CampaignCreate input) {
        Dates.requireOrdered("startsOn", input.startsOn(), "endsOn", input.endsOn());
        if (Campaign.byCode(input.code()).isPresent()) {
            throw new DuplicateCampaign(input.code());
        }
        Campaign campaign = new Campaign();
        campaign.code = input.code();
        campaign.name = input.name().strip();
        campaign.description = input.description();
        campaign.startsOn = input.startsOn();
        campaign.endsOn = input.endsOn();
        campaign.createdAt = clock.now();
        campaign.updatedAt = campaign.createdAt;
        try {
            campaign.persistAndFlush();
        } catch (PersistenceException e) {
            // Two admins creating the same code at once: the unique key decides.
            if (CampaignExceptions.isUniqueViolation(e)) {
                throw new DuplicateCampaign(input.code());
            }
            throw e;
        }
        return view(campaign);
    }

    @Transactional
    public List<CampaignView> list() {
        return Campaign.allByCode().stream().map(CampaignService::view).toList();
    }

    @Transactional
    public CampaignView get(String code) {
        return view(existing(code));
    }

    @Transactional
    public CampaignView update(String code, CampaignUpdate input) {
        Dates.requireOrdered("startsOn", input.startsOn(), "endsOn", input.endsOn());
        Campaign campaign = Campaign.lockedAgainstNewEntries(code).orElseThrow(() -> new CampaignNotFound(code));
        requireCoversEntries(campaign, input.startsOn(), input.endsOn());
        campaign.name = input.name().strip();
        campaign.description = input.description();
        campaign.startsOn = input.startsOn();
        campaign.endsOn = input.endsOn();
        campaign.updatedAt = clock.now();
        return view(campaign);
    }

    /** Entries are immutable, so dates that would leave some outside the campaign are refused. */
    private void requireCoversEntries(Campaign campaign, LocalDate startsOn, LocalDate endsOn) {
        // min and max each read one end of the (campaign_id, occurred_at) index, whatever the volume.
        Object[] span = Panache.getEntityManager().unwrap(Session.class)
                .createNativeQuery("select min(occurred_at) as first_at, max(occurred_at) as last_at "
                        + "from ledger_entry where campaign_id = :campaign", Object[].class)
                .addScalar("first_at", Instant.class)
                .addScalar("last_at", Instant.class)
                .setParameter("campaign", campaign.id)
                .getSingleResult();
        if (span[0] == null) {
            return;
        }
        LocalDate first = clock.dayOf((Instant) span[0]);
        LocalDate last = clock.dayOf((Instant) span[1]);
        if (!Dates.covers(startsOn, endsOn, first) || !Dates.covers(startsOn, endsOn, last)) {
            throw new DatesExcludeEntries(campaign.code, first, last, clock.zone());
        }
    }

    static Campaign existing(String code) {
        return Campaign.byCode(code).orElseThrow(() -> new CampaignNotFound(code));
    }

    static CampaignView view(Campaign c) {
        return new CampaignView(c.code, c.name, c.description, c.startsOn, c.endsOn, c.createdAt, c.updatedAt);
    }
}
