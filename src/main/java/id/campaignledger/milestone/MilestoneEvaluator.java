package id.campaignledger.milestone;

import id.campaignledger.campaign.TargetMetric;
import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.LedgerConfig;
import id.campaignledger.common.LedgerException;
import id.campaignledger.ledger.BeforeReversal;
import id.campaignledger.milestone.MilestoneRecords.Milestone;
import id.campaignledger.progress.ProgressRecords.CampaignProgress;
import id.campaignledger.progress.ProgressRecords.TargetProgress;
import id.campaignledger.progress.ProgressService;
import id.campaignledger.webhook.EventType;
import id.campaignledger.webhook.Outbox;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records milestones and announces them (target.milestone), exactly once per target revision and
 * threshold. It reads progress from the maintained totals, so it needs no hook in the posting code:
 * <ul>
 * <li>one evaluator at a time across all replicas: a transaction-scoped advisory lock, which the
 * others simply skip;</li>
 * <li>the target rows are locked FOR SHARE while progress is read, so a milestone is always
 * attributed to the revision whose amount it was measured against;</li>
 * <li>the key (target, revision, threshold) with ON CONFLICT DO NOTHING makes a repeat, after a
 * restart or a lost commit acknowledgement, a no-op; the event is written in the same
 * transaction as the milestone row, so there is never one without the other.</li>
 * </ul>
 * Progress is compared when the ledger has changed (a counter bumped by every inserting statement,
 * see V31) and at least every {@code full-every}, and also in every reversal's transaction just
 * before the reversal is written ({@link #reversing}), since a reversal is the only thing that
 * takes progress down: a crossing is never hidden by a reversal posted after it committed. A
 * milestone stays once recorded: a reversal that takes progress back below it withdraws nothing,
 * and crossing it again in the same revision records nothing. A new revision starts afresh.
 */
@ApplicationScoped
public class MilestoneEvaluator implements BeforeReversal {

    private static final Logger LOG = Logger.getLogger(MilestoneEvaluator.class);
    /** The advisory lock key of the evaluator ("MLST"); no other lock of the service uses it. */
    static final long LOCK = 0x4d4c5354L;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ProgressService progress;

    @Inject
    Outbox outbox;

    @Inject
    LedgerConfig ledgerConfig;

    @Inject
    LedgerClock clock;

    private volatile long seenCounter = -1;
    private volatile Instant lastEvaluation = Instant.EPOCH;
    private volatile boolean running;
    private Thread loop;

    void start(@Observes StartupEvent started) {
        if (ledgerConfig.milestones().enabled()) {
            running = true;
            loop = new Thread(this::run, "milestone-evaluator");
            loop.setDaemon(true);
            loop.start();
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(ledgerConfig.milestones().interval().toMillis());
                evaluateIfChanged();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Milestone evaluation failed, trying again shortly: %s", e.getMessage());
            }
        }
    }

    /** Evaluates when the ledger or a target may have changed, or when the last evaluation is old. */
    public int evaluateIfChanged() {
        long counter = counter();
        if (counter == seenCounter
                && Duration.between(lastEvaluation, clock.now()).compareTo(ledgerConfig.milestones().fullEvery()) < 0) {
            return 0;
        }
        int recorded = evaluate();
        // Read before evaluating: a change made meanwhile is looked at next time.
        seenCounter = counter;
        lastEvaluation = clock.now();
        return recorded;
    }

    /** Compares every target's progress with its thresholds; returns how many milestones were recorded. */
    public int evaluate() {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                if (!locked(c)) {
                    return 0;
                }
                int recorded = 0;
                for (Map.Entry<Integer, String> campaign : campaignsWithTargets(c).entrySet()) {
                    recorded += evaluate(c, campaign.getKey(), campaign.getValue());
                }
                return recorded;
            }
        });
    }

    /**
     * Before a reversal of the campaign is written, in its transaction: progress is looked at as it
     * stands, so a crossing committed before the reversal is recorded even when the reversal takes
     * progress back below it before the next round. It waits for a round in progress (the lock is
     * held until the reversal commits, and the rounds skip meanwhile); the milestone and its event
     * commit with the reversal, and if the reversal rolls back, progress is still above and the next
     * round records it.
     */
    @Override
    public void reversing(int campaignId) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
                s.setLong(1, LOCK);
                s.execute();
            }
            String code = campaignsWithTargets(c).get(campaignId);
            if (code != null) {
                evaluate(c, campaignId, code);
            }
        } catch (SQLException e) {
            throw new MilestoneStoreException(e);
        }
    }

    private record Revision(int version, BigDecimal amount, String name, TargetMetric metric, String regionCode) {
    }

    private record Key(UUID targetId, int version, BigDecimal threshold) {
    }

    private int evaluate(Connection c, int campaignId, String code) throws SQLException {
        Map<UUID, Revision> revisions = lockTargets(c, campaignId);
        Set<Key> known = known(c, campaignId);
        CampaignProgress read;
        try {
            read = progress.campaign(code, null);
        } catch (LedgerException e) {
            return 0; // the campaign went away between the two reads
        }
        int recorded = 0;
        for (TargetProgress t : read.targets()) {
            Revision r = revisions.get(t.targetId());
            if (r == null) {
                continue;
            }
            BigDecimal realised = new BigDecimal(t.realised());
            for (BigDecimal threshold : Thresholds.reached(realised, r.amount())) {
                if (known.contains(new Key(t.targetId(), r.version(), threshold.stripTrailingZeros()))) {
                    continue;
                }
                Instant reachedAt = insert(c, t.targetId(), r, threshold, campaignId, realised);
                if (reachedAt != null) {
                    outbox.emit(EventType.TARGET_MILESTONE, null, new Milestone(t.targetId(), code, r.version(),
                            r.name(), r.metric(), r.regionCode(), threshold.toPlainString(),
                            Thresholds.format(r.metric(), r.amount()), Thresholds.format(r.metric(), realised),
                            Thresholds.percent(realised, r.amount()), reachedAt));
                    recorded++;
                }
            }
        }
        return recorded;
    }

    private static boolean locked(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            s.setLong(1, LOCK);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    private long counter() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select coalesce(pg_sequence_last_value('ledger_change_counter'), 0)");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new MilestoneStoreException(e);
        }
    }

    private static Map<Integer, String> campaignsWithTargets(Connection c) throws SQLException {
        Map<Integer, String> campaigns = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "select c.id, c.code from campaign c where exists (select 1 from target t where t.campaign_id = c.id)"
                        + " order by c.id");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                campaigns.put(r.getInt(1), r.getString(2));
            }
        }
        return campaigns;
    }

    private static Map<UUID, Revision> lockTargets(Connection c, int campaignId) throws SQLException {
        Map<UUID, Revision> revisions = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select id, version, amount, name, metric, region_code"
                + " from target where campaign_id = ? order by id for share")) {
            s.setInt(1, campaignId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    revisions.put(r.getObject(1, UUID.class), new Revision(r.getInt(2), r.getBigDecimal(3),
                            r.getString(4), TargetMetric.valueOf(r.getString(5)), r.getString(6)));
                }
            }
        }
        return revisions;
    }

    private static Set<Key> known(Connection c, int campaignId) throws SQLException {
        Set<Key> known = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(
                "select target_id, target_version, threshold from target_milestone where campaign_id = ?")) {
            s.setInt(1, campaignId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    known.add(new Key(r.getObject(1, UUID.class), r.getInt(2), r.getBigDecimal(3).stripTrailingZeros()));
                }
            }
        }
        return known;
    }

    /** The milestone row; its time when it is new, null when it was there already. */
    private static Instant insert(Connection c, UUID targetId, Revision r, BigDecimal threshold, int campaignId,
            BigDecimal realised) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                insert into target_milestone (target_id, target_version, threshold, campaign_id, target_amount,
                                              realised, percent)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict do nothing
                returning reached_at
                """)) {
            s.setObject(1, targetId);
            s.setInt(2, r.version());
            s.setBigDecimal(3, threshold);
            s.setInt(4, campaignId);
            s.setBigDecimal(5, r.amount());
            s.setBigDecimal(6, realised);
            s.setBigDecimal(7, new BigDecimal(Thresholds.percent(realised, r.amount())));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    /** A database failure: the mapper turns a lost connection into 503. */
    static final class MilestoneStoreException extends RuntimeException {
        MilestoneStoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
