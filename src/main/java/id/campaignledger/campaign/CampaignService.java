package id.campaignledger.campaign;

import id.campaignledger.campaign.CampaignExceptions.CampaignNotFound;
import id.campaignledger.campaign.CampaignExceptions.DatesExcludeEntries;
import id.campaignledger.campaign.CampaignExceptions.DuplicateCampaign;
import id.campaignledger.campaign.CampaignRecords.CampaignCreate;
import id.campaignledger.campaign.CampaignRecords.CampaignUpdate;
import id.campaignledger.campaign.CampaignRecords.CampaignView;
import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.db.DatabaseFailure;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class CampaignService {

    @Inject
    LedgerClock clock;

    @Inject
    AgroalDataSource dataSource;

    @Transactional
    public CampaignView create(CampaignCreate input) {
        Dates.requireOrdered("startsOn", input.startsOn(), "endsOn", input.endsOn());
        try (Connection c = dataSource.getConnection()) {
            if (Campaign.byCode(c, input.code()).isPresent()) {
                throw new DuplicateCampaign(input.code());
            }
            return view(Campaign.insert(c, input.code(), input.name().strip(), input.description(),
                    input.startsOn(), input.endsOn(), clock.now()));
        } catch (SQLException e) {
            // Two admins creating the same code at once: the unique key decides.
            if (CampaignExceptions.isUniqueViolation(e)) {
                throw new DuplicateCampaign(input.code());
            }
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public List<CampaignView> list() {
        try (Connection c = dataSource.getConnection()) {
            return Campaign.allByCode(c).stream().map(CampaignService::view).toList();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public CampaignView get(String code) {
        try (Connection c = dataSource.getConnection()) {
            return view(existing(c, code));
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public CampaignView update(String code, CampaignUpdate input) {
        Dates.requireOrdered("startsOn", input.startsOn(), "endsOn", input.endsOn());
        try (Connection c = dataSource.getConnection()) {
            Campaign campaign = Campaign.lockedAgainstNewEntries(c, code).orElseThrow(() -> new CampaignNotFound(code));
            requireCoversEntries(c, campaign, input.startsOn(), input.endsOn());
            return view(campaign.updated(c, input.name().strip(), input.description(), input.startsOn(),
                    input.endsOn(), clock.now()));
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Entries are immutable, so dates that would leave some outside the campaign are refused. */
    private void requireCoversEntries(Connection c, Campaign campaign, LocalDate startsOn, LocalDate endsOn)
            throws SQLException {
        Optional<Campaign.EntrySpan> span = campaign.entrySpan(c);
        if (span.isEmpty()) {
            return;
        }
        LocalDate first = clock.dayOf(span.get().first());
        LocalDate last = clock.dayOf(span.get().last());
        if (!Dates.covers(startsOn, endsOn, first) || !Dates.covers(startsOn, endsOn, last)) {
            throw new DatesExcludeEntries(campaign.code(), first, last, clock.zone());
        }
    }

    static Campaign existing(Connection c, String code) throws SQLException {
        return Campaign.byCode(c, code).orElseThrow(() -> new CampaignNotFound(code));
    }

    static CampaignView view(Campaign c) {
        return new CampaignView(c.code(), c.name(), c.description(), c.startsOn(), c.endsOn(), c.createdAt(),
                c.updatedAt());
    }
}
