package id.campaignledger.progress;

import id.campaignledger.campaign.TargetMetric;
import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.Money;
import id.campaignledger.common.db.ReadSnapshot;
import id.campaignledger.common.db.Sql;
import id.campaignledger.progress.ProgressRecords.CampaignProgress;
import id.campaignledger.progress.ProgressRecords.TargetProgress;
import id.campaignledger.progress.ProgressRecords.Totals;
import id.campaignledger.totals.CampaignPeriod;
import id.campaignledger.totals.TotalsReads;
import id.campaignledger.totals.TotalsReads.Figures;
import id.campaignledger.totals.TotalsReads.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Progress against targets: the targets, and their figures from the totals, read in one
 * snapshot so that the totals and percentages of one answer always agree.
 */
@ApplicationScoped
public class ProgressService {

    private static final String TARGET_COLUMNS = "select id, name, metric, region_code, period_start, period_end,"
            + " amount from target where campaign_id = :campaign";
    private static final Sql TARGETS = Sql.of(TARGET_COLUMNS + " order by period_start, id");
    private static final Sql TARGET = Sql.of(TARGET_COLUMNS + " and id = :id");

    @Inject
    ReadSnapshot snapshot;

    @Inject
    TotalsReads totals;

    @Inject
    LedgerClock clock;

    record TargetRow(UUID id, String name, TargetMetric metric, String regionCode, LocalDate start, LocalDate end,
            BigDecimal amount) {

        Scope scope() {
            return new Scope(regionCode, start, end);
        }
    }

    /** What a campaign's progress answer depends on: the same for every caller allowed to read it. */
    private record CampaignKey(String code, Instant asOf) {
    }

    private record TargetKey(String code, UUID targetId, Instant asOf) {
    }

    /** Concurrent callers asking the same share a read round ({@link ReadSnapshot#shared}). */
    public CampaignProgress campaign(String code, Instant asOf) {
        return snapshot.shared(new CampaignKey(code, asOf), c -> {
            CampaignPeriod campaign = CampaignPeriod.find(c, code);
            List<TargetRow> rows;
            try (Sql.Bound s = TARGETS.on(c)) {
                rows = s.set("campaign", campaign.id()).list(ProgressService::targetRow);
            }
            List<Scope> scopes = new ArrayList<>();
            for (TargetRow t : rows) {
                if (t.metric() != TargetMetric.ACTIVE_UMKM) {
                    scopes.add(t.scope());
                }
            }
            scopes.add(Scope.WHOLE_CAMPAIGN);
            Map<Scope, Figures> figures = totals.figures(c, campaign.id(), scopes, asOf);
            List<TargetProgress> targets = new ArrayList<>();
            for (TargetRow t : rows) {
                targets.add(progress(c, campaign, t, figures, asOf));
            }
            Figures all = figures.get(Scope.WHOLE_CAMPAIGN);
            long active = totals.activeUmkm(c, campaign, Scope.WHOLE_CAMPAIGN, asOf);
            return new CampaignProgress(code, asOf == null ? clock.now() : asOf, clock.zone().getId(),
                    new Totals(Money.format(all.amountIdr()), all.saleCount(), active), List.copyOf(targets));
        });
    }

    public TargetProgress target(String code, UUID targetId, Instant asOf) {
        return snapshot.shared(new TargetKey(code, targetId, asOf), c -> {
            CampaignPeriod campaign = CampaignPeriod.find(c, code);
            TargetRow t;
            try (Sql.Bound s = TARGET.on(c)) {
                t = s.set("campaign", campaign.id()).set("id", targetId).first(ProgressService::targetRow);
            }
            if (t == null) {
                throw LedgerException.notFound("Campaign " + code + " has no target " + targetId + ".");
            }
            Map<Scope, Figures> figures = t.metric() == TargetMetric.ACTIVE_UMKM ? Map.of()
                    : totals.figures(c, campaign.id(), List.of(t.scope()), asOf);
            return progress(c, campaign, t, figures, asOf);
        });
    }

    /** A target's progress; value and count targets take their figures from those already read. */
    private TargetProgress progress(Connection c, CampaignPeriod campaign, TargetRow t, Map<Scope, Figures> figures,
            Instant asOf) throws SQLException {
        BigDecimal realised = switch (t.metric()) {
            case TRANSACTION_VALUE -> figures.get(t.scope()).amountIdr();
            case TRANSACTION_COUNT -> BigDecimal.valueOf(figures.get(t.scope()).saleCount());
            case ACTIVE_UMKM -> BigDecimal.valueOf(totals.activeUmkm(c, campaign, t.scope(), asOf));
        };
        return Progress.of(t.id(), t.name(), t.metric(), t.regionCode(), t.start(), t.end(), t.amount(), realised);
    }

    private static TargetRow targetRow(java.sql.ResultSet r) throws SQLException {
        return new TargetRow(r.getObject(1, UUID.class), r.getString(2), TargetMetric.valueOf(r.getString(3)),
                r.getString(4), r.getObject(5, LocalDate.class), r.getObject(6, LocalDate.class), r.getBigDecimal(7));
    }
}
