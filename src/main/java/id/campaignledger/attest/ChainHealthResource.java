package id.campaignledger.attest;

import id.campaignledger.partner.Allowed;
import id.campaignledger.partner.Role;
import id.campaignledger.verify.Checkpoint;
import id.campaignledger.verify.SealedEntry;
import id.campaignledger.verify.Verifier;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Reconcile for the chain: runs the verifier over the sealed entries in the database against the
 * latest checkpoint, and counts entries waiting to be sealed and entries neither sealed nor queued
 * (which only a write around the triggers can make). Reads the whole chain: an operator's check.
 */
@Path("/api/v1/admin/reconcile/chain")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.ADMIN)
public class ChainHealthResource {

    @Inject
    ExportStore store;

    @Inject
    Checkpointer checkpointer;

    @Inject
    SigningKey key;

    @Inject
    AgroalDataSource dataSource;

    public record ChainHealth(Instant checkedAt, boolean healthy, long sealedEntries, long queuedEntries,
            long unsealedNotQueued, Long latestCheckpoint, String verdict, List<String> figures) {
    }

    @GET
    public ChainHealth check() throws SQLException {
        Instant at = Instant.now();
        Checkpoint checkpoint = null;
        Checkpointer.Stored stored = checkpointer.find(null).orElse(null);
        if (stored != null) {
            checkpoint = Checkpoint.parse(stored.document());
        }
        long head = store.head();
        Verifier verifier = new Verifier(null, checkpoint, java.util.List.of(), ZoneId.of("UTC"));
        boolean[] going = { true };
        store.forEach(null, 1, head, page -> {
            for (SealedEntry e : page) {
                if (going[0] && !verifier.accept(e)) {
                    going[0] = false;
                }
            }
        });
        Verifier.Result result = verifier.finish();
        String verdict = result.message();
        boolean signed = checkpoint == null || checkpoint.keyId().equals(key.keyId());
        if (!signed) {
            verdict += " (the latest checkpoint was signed with key " + checkpoint.keyId()
                    + ", not the current key " + key.keyId() + ")";
        }
        long queued;
        long lost;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                select (select count(*) from ledger_seal_queue),
                       (select count(*) from ledger_entry e
                         where not exists (select 1 from ledger_seal s where s.entry_id = e.id)
                           and not exists (select 1 from ledger_seal_queue q where q.entry_id = e.id))
                """); ResultSet r = s.executeQuery()) {
            r.next();
            queued = r.getLong(1);
            lost = r.getLong(2);
        }
        return new ChainHealth(at, result.ok() && lost == 0, head, queued, lost,
                stored == null ? null : stored.seq(), verdict, result.figures());
    }
}
