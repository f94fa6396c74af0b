package id.campaignledger.attest;

import id.campaignledger.common.LedgerConfig;
import id.campaignledger.common.db.DatabaseFailure;
import id.campaignledger.common.db.ReadCoalescer;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Says in a progress answer which checkpoint it is consistent with, without touching the progress
 * code: {@code Ledger-Checkpoint: <seq>} (the latest checkpoint, read before the progress) and
 * {@code Ledger-Checkpoint-Status: consistent} when, after the progress was read, the campaign has
 * exactly that checkpoint's entries sealed and none waiting: then the progress counted those entries
 * and no others, and the verifier reproduces its figures from an export and that checkpoint.
 * Otherwise the status is {@code newer-entries}. Answers "as of" an earlier instant get no status.
 */
public class ProgressCheckpointFilter {

    private static final Pattern PROGRESS = Pattern.compile("/?api/v1/campaigns/([^/]+)/(progress|targets/[^/]+/progress)");
    private static final String SEEN = ProgressCheckpointFilter.class.getName();
    private static final Logger LOG = Logger.getLogger(ProgressCheckpointFilter.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LedgerConfig config;

    private record Seen(String campaign, long checkpoint, long entries) {
    }

    /** The campaign's sealing state after the progress was read: nothing queued, and its last sealed sequence. */
    private record Sealed(boolean nothingQueued, long campaignSeq) {
    }

    /**
     * Readers of one campaign's progress at once share these two look-ups, as they share the
     * progress read itself (ReadCoalescer: each answer comes from a round that began after the
     * caller asked, so "before" still precedes this request's progress read and "after" follows it).
     * Static: the filter's instances are the framework's to make, the rounds belong to the process.
     */
    private static final ReadCoalescer<String, Optional<Seen>> LATEST = new ReadCoalescer<>(1024, 512);
    private static final ReadCoalescer<String, Optional<Sealed>> SEALED = new ReadCoalescer<>(1024, 512);

    @ServerRequestFilter
    public void before(ContainerRequestContext request) {
        if (!config.attestation().enabled() || !"GET".equals(request.getMethod())) {
            return;
        }
        Matcher m = PROGRESS.matcher(request.getUriInfo().getPath());
        if (!m.matches()) {
            return;
        }
        String campaign = m.group(1);
        try {
            LATEST.read(campaign, () -> latest(campaign)).ifPresent(seen -> request.setProperty(SEEN, seen));
        } catch (DatabaseFailure e) {
            LOG.debugf("No checkpoint header: %s", e.getMessage());
        }
    }

    private Optional<Seen> latest(String campaign) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select k.seq, coalesce(cc.entries, 0)
                  from (select seq from ledger_checkpoint order by seq desc limit 1) k
                  left join campaign c on c.code = ?
                  left join ledger_checkpoint_campaign cc on cc.checkpoint_seq = k.seq and cc.campaign_id = c.id
                """)) {
            s.setString(1, campaign);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Seen(campaign, r.getLong(1), r.getLong(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @ServerResponseFilter
    public void after(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(SEEN) instanceof Seen seen) || response.getStatus() != 200) {
            return;
        }
        response.getHeaders().putSingle("Ledger-Checkpoint", Long.toString(seen.checkpoint()));
        if (request.getUriInfo().getQueryParameters().containsKey("asOf")) {
            return;
        }
        try {
            SEALED.read(seen.campaign(), () -> sealed(seen.campaign())).ifPresent(now ->
                    response.getHeaders().putSingle("Ledger-Checkpoint-Status",
                            now.nothingQueued() && now.campaignSeq() == seen.entries() ? "consistent" : "newer-entries"));
        } catch (DatabaseFailure e) {
            LOG.debugf("No checkpoint status: %s", e.getMessage());
        }
    }

    private Optional<Sealed> sealed(String campaign) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select not exists (select 1 from ledger_seal_queue q where q.campaign_id = c.id),
                       coalesce((select campaign_seq from ledger_seal_campaign s where s.campaign_id = c.id), 0)
                  from campaign c where c.code = ?
                """)) {
            s.setString(1, campaign);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Sealed(r.getBoolean(1), r.getLong(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }
}
