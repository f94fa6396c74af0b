package id.campaignledger.milestone;

import id.campaignledger.campaign.TargetMetric;
import id.campaignledger.common.LedgerException;
import id.campaignledger.milestone.MilestoneEvaluator.MilestoneStoreException;
import id.campaignledger.milestone.MilestoneRecords.Milestone;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads of {@code target_milestone}, for the milestones API and the dashboard. */
@ApplicationScoped
public class MilestoneReads {

    @Inject
    AgroalDataSource dataSource;

    /** Milestones of a campaign, in the order they were reached. */
    public List<Milestone> list(String campaignCode) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select m.target_id, c.code, m.target_version, r.name, r.metric, r.region_code, m.threshold,
                       m.target_amount, m.realised, m.percent, m.reached_at
                  from campaign c
                  join target_milestone m on m.campaign_id = c.id
                  join target_revision r on r.target_id = m.target_id and r.version = m.target_version
                 where c.code = ?
                 order by m.reached_at, m.target_id, m.threshold
                """)) {
            s.setString(1, campaignCode);
            List<Milestone> milestones = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    TargetMetric metric = TargetMetric.valueOf(r.getString(5));
                    milestones.add(new Milestone(r.getObject(1, UUID.class), r.getString(2), r.getInt(3),
                            r.getString(4), metric, r.getString(6), r.getBigDecimal(7).toPlainString(),
                            Thresholds.format(metric, r.getBigDecimal(8)), Thresholds.format(metric, r.getBigDecimal(9)),
                            r.getBigDecimal(10).toPlainString(), r.getTimestamp(11).toInstant()));
                }
            }
            if (milestones.isEmpty()) {
                try (PreparedStatement e = c.prepareStatement("select 1 from campaign where code = ?")) {
                    e.setString(1, campaignCode);
                    try (ResultSet r = e.executeQuery()) {
                        if (!r.next()) {
                            throw LedgerException.notFound("There is no campaign " + campaignCode + ".");
                        }
                    }
                }
            }
            return milestones;
        } catch (SQLException e) {
            throw new MilestoneStoreException(e);
        }
    }

}
