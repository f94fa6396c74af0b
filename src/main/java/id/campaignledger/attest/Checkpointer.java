package id.campaignledger.attest;

import id.campaignledger.common.db.OneTransaction;
import id.campaignledger.verify.Chain;
import id.campaignledger.verify.Checkpoint;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Signs checkpoints: the chain head and every campaign's sealed totals, read under the sealing
 * lock so that they describe one and the same point of the chain. The signed document is stored
 * as text and served as it is.
 */
@ApplicationScoped
public class Checkpointer {

    static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SigningKey key;

    /** The time a checkpoint states; a field so that tests can fix it. */
    Clock clock = Clock.systemUTC();

    /** A stored checkpoint. */
    public record Stored(long seq, Instant createdAt, long headSeq, String document) {
    }

    /**
     * Signs a checkpoint of the chain as sealed now. Unless forced, none is made when the chain has
     * not grown since the last one. Waits for a sealing transaction in progress to end.
     */
    public Optional<Stored> sign(boolean force) throws SQLException {
        return OneTransaction.run(dataSource, c -> sign(c, force));
    }

    private Optional<Stored> sign(Connection c, boolean force) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            s.setLong(1, Sealer.LOCK);
            s.execute();
        }
        Sealer.Head head = Sealer.head(c);
        long headSeq = head.seq();
        String headHash = head.hash();
        long seq = 1;
        try (PreparedStatement s = c.prepareStatement(
                "select seq, head_seq from ledger_checkpoint order by seq desc limit 1");
                ResultSet r = s.executeQuery()) {
            if (r.next()) {
                if (!force && r.getLong(2) == headSeq) {
                    return Optional.empty();
                }
                seq = r.getLong(1) + 1;
            }
        }
        List<Checkpoint.CampaignTotals> campaigns = new ArrayList<>();
        List<Integer> campaignIds = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                select c.code, s.campaign_id, s.campaign_seq, s.head_hash, s.sale_count, s.amount_idr::text
                  from ledger_seal_campaign s join campaign c on c.id = s.campaign_id
                """); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                campaigns.add(new Checkpoint.CampaignTotals(r.getString(1), r.getLong(3), EntryRows.hex(r.getBytes(4)),
                        r.getLong(5), r.getString(6)));
                campaignIds.add(r.getInt(2));
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < campaigns.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> campaigns.get(i).campaign()));
        List<Checkpoint.CampaignTotals> sorted = order.stream().map(campaigns::get).toList();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Checkpoint cp = new Checkpoint(seq, INSTANT.format(now), headSeq, headHash, key.keyId(), sorted, null)
                .signedWith(key.privateKey());
        String document = cp.document();
        try (PreparedStatement s = c.prepareStatement(
                "insert into ledger_checkpoint (seq, created_at, head_seq, key_id, document) values (?, ?, ?, ?, ?)")) {
            s.setLong(1, seq);
            s.setTimestamp(2, Timestamp.from(now));
            s.setLong(3, headSeq);
            s.setString(4, key.keyId());
            s.setString(5, document);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("""
                insert into ledger_checkpoint_campaign (checkpoint_seq, campaign_id, entries)
                select ?, c, n from unnest(?::int[], ?::bigint[]) as t(c, n)
                """)) {
            s.setLong(1, seq);
            s.setArray(2, c.createArrayOf("integer", campaignIds.toArray()));
            s.setArray(3, c.createArrayOf("bigint", campaigns.stream().map(Checkpoint.CampaignTotals::entries).toArray()));
            s.executeUpdate();
        }
        return Optional.of(new Stored(seq, now, headSeq, document));
    }

    /** The latest checkpoint, or the one with this seq. */
    public Optional<Stored> find(Long seq) throws SQLException {
        String sql = "select seq, created_at, head_seq, document from ledger_checkpoint "
                + (seq == null ? "order by seq desc limit 1" : "where seq = ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (seq != null) {
                s.setLong(1, seq);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Stored(r.getLong(1), r.getTimestamp(2).toInstant(), r.getLong(3),
                        r.getString(4))) : Optional.empty();
            }
        }
    }
}
