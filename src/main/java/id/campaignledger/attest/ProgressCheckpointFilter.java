package id.campaignledger.attest;

import id.campaignledger.common.LedgerConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    @ServerRequestFilter
    public void before(ContainerRequestContext request) {
        if (!config.attestation().enabled() || !"GET".equals(request.getMethod())) {
            return;
        }
        Matcher m = PROGRESS.matcher(request.getUriInfo().getPath());
        if (!m.matches()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select k.seq, coalesce(cc.entries, 0)
                  from (select seq from ledger_checkpoint order by seq desc limit 1) k
                  left join campaign c on c.code = ?
                  left join ledger_checkpoint_campaign cc on cc.checkpoint_seq = k.seq and cc.campaign_id = c.id
                """)) {
            s.setString(1, m.group(1));
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    request.setProperty(SEEN, new Seen(m.group(1), r.getLong(1), r.getLong(2)));
                }
            }
        } catch (SQLException e) {
            LOG.debugf("No checkpoint header: %s", e.getMessage());
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
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select not exists (select 1 from ledger_seal_queue q where q.campaign_id = c.id)
                       and coalesce((select campaign_seq from ledger_seal_campaign s where s.campaign_id = c.id), 0) = ?
                  from campaign c where c.code = ?
                """)) {
            s.setLong(1, seen.entries());
            s.setString(2, seen.campaign());
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    response.getHeaders().putSingle("Ledger-Checkpoint-Status",
                            r.getBoolean(1) ? "consistent" : "newer-entries");
                }
            }
        } catch (SQLException e) {
            LOG.debugf("No checkpoint status: %s", e.getMessage());
        }
    }
}
