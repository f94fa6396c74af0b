package id.campaignledger.attest;

import id.campaignledger.common.LedgerConfig;
import id.campaignledger.common.db.OneTransaction;
import id.campaignledger.verify.Chain;
import id.campaignledger.verify.SealedEntry;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Seals queued entries into the chain, after their posting transaction committed, so posting
 * never waits for it. One sealing transaction at a time across all replicas (a PostgreSQL
 * advisory lock); each takes the oldest queued entries in a fixed order (recorded_at, id), gives
 * them the next seq and campaign seq, hashes them with {@link Chain} (the verifier's own code),
 * adds them to the campaign totals and takes them off the queue. A crash rolls the transaction
 * back, so a restart resumes exactly where the last commit left off.
 */
@ApplicationScoped
public class Sealer {

    /** The advisory lock of sealing and signing ("LEDGSEAL"). */
    static final long LOCK = 0x4C454447_5345414CL;

    private static final String QUEUED = "select " + EntryRows.COLUMNS + """
              from (select entry_id from ledger_seal_queue order by recorded_at, entry_id limit ?) q
              join ledger_entry e on e.id = q.entry_id
            """ + EntryRows.JOINS + " order by e.recorded_at, e.id";

    private static final String INSERT_SEALS = """
            insert into ledger_seal (seq, entry_id, campaign_id, campaign_seq, hash, campaign_hash)
            select s, e, c, cs, decode(h, 'hex'), decode(ch, 'hex')
              from unnest(?::bigint[], ?::uuid[], ?::int[], ?::bigint[], ?::text[], ?::text[]) as t(s, e, c, cs, h, ch)
            """;

    private static final String SAVE_CAMPAIGNS = """
            insert into ledger_seal_campaign as s (campaign_id, campaign_seq, head_hash, sale_count, amount_idr)
            select c, cs, decode(h, 'hex'), n, a
              from unnest(?::int[], ?::bigint[], ?::text[], ?::bigint[], ?::numeric[]) as t(c, cs, h, n, a)
            on conflict (campaign_id) do update
               set campaign_seq = excluded.campaign_seq, head_hash = excluded.head_hash,
                   sale_count = excluded.sale_count, amount_idr = excluded.amount_idr
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LedgerConfig config;

    private final Timer lag;
    private final AtomicReference<Double> oldestUnsealedSeconds = new AtomicReference<>(0.0);

    @Inject
    public Sealer(MeterRegistry registry) {
        lag = Timer.builder("ledger.seal.lag")
                .description("Time from an entry being recorded to it being sealed into the chain")
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        Gauge.builder("ledger.seal.oldest.unsealed", oldestUnsealedSeconds, AtomicReference::get)
                .description("Age in seconds of the oldest entry waiting to be sealed (0: none)")
                .baseUnit("seconds")
                .register(registry);
    }

    private record CampaignHead(long seq, String hash, long sales, BigDecimal amountIdr) {
    }

    /** Seals queued entries until none is left; returns how many. Another replica sealing ends it early. */
    public long sealAll() throws SQLException {
        long total = 0;
        int sealed;
        do {
            sealed = sealBatch();
            total += Math.max(sealed, 0);
        } while (sealed >= config.attestation().batchSize());
        updateOldest();
        return total;
    }

    /** The chain's newest link; sequence 0 and the genesis hash while nothing is sealed. */
    record Head(long seq, String hash) {
    }

    /** Reads the chain's newest link; the caller holds the sealing lock, so it stays the newest. */
    static Head head(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select seq, hash from ledger_seal order by seq desc limit 1");
                ResultSet r = s.executeQuery()) {
            return r.next() ? new Head(r.getLong(1), EntryRows.hex(r.getBytes(2))) : new Head(0, Chain.GENESIS);
        }
    }

    /** One sealing transaction; the number sealed, or -1 when another replica holds the lock. */
    int sealBatch() throws SQLException {
        return OneTransaction.run(dataSource, this::sealBatch);
    }

    private int sealBatch(Connection c) throws SQLException {
        if (!tryLock(c)) {
            return -1;
        }
        Head last = head(c);
        long seq = last.seq();
        String head = last.hash();
        List<SealedEntry> batch = new ArrayList<>();
        List<Integer> campaignIds = new ArrayList<>();
        List<Instant> recorded = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(QUEUED)) {
            s.setInt(1, config.attestation().batchSize());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    batch.add(EntryRows.read(r, 0, 0, null, null));
                    campaignIds.add(r.getInt("campaign_id"));
                    recorded.add(r.getTimestamp("recorded_instant").toInstant());
                }
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        Map<Integer, CampaignHead> heads = campaignHeads(c, campaignIds);
        int n = batch.size();
        Object[] seqs = new Object[n];
        Object[] ids = new Object[n];
        Object[] campaigns = new Object[n];
        Object[] campaignSeqs = new Object[n];
        Object[] hashes = new Object[n];
        Object[] campaignHashes = new Object[n];
        for (int i = 0; i < n; i++) {
            SealedEntry raw = batch.get(i);
            int campaignId = campaignIds.get(i);
            CampaignHead ch = heads.getOrDefault(campaignId, new CampaignHead(0, Chain.GENESIS, 0, BigDecimal.ZERO));
            seq++;
            SealedEntry sealed = Chain.seal(raw.at(seq, ch.seq() + 1), head, ch.hash());
            head = sealed.hash();
            heads.put(campaignId, new CampaignHead(sealed.campaignSeq(), sealed.campaignHash(),
                    ch.sales() + ("SALE".equals(raw.kind()) ? 1 : 0), ch.amountIdr().add(new BigDecimal(raw.amountIdr()))));
            seqs[i] = seq;
            ids[i] = raw.id();
            campaigns[i] = campaignId;
            campaignSeqs[i] = sealed.campaignSeq();
            hashes[i] = sealed.hash();
            campaignHashes[i] = sealed.campaignHash();
        }
        try (PreparedStatement s = c.prepareStatement(INSERT_SEALS)) {
            s.setArray(1, c.createArrayOf("bigint", seqs));
            s.setArray(2, c.createArrayOf("uuid", ids));
            s.setArray(3, c.createArrayOf("integer", campaigns));
            s.setArray(4, c.createArrayOf("bigint", campaignSeqs));
            s.setArray(5, c.createArrayOf("text", hashes));
            s.setArray(6, c.createArrayOf("text", campaignHashes));
            s.executeUpdate();
        }
        List<Map.Entry<Integer, CampaignHead>> touched = new ArrayList<>(heads.entrySet());
        touched.sort(Map.Entry.comparingByKey());
        try (PreparedStatement s = c.prepareStatement(SAVE_CAMPAIGNS)) {
            s.setArray(1, c.createArrayOf("integer", touched.stream().map(Map.Entry::getKey).toArray()));
            s.setArray(2, c.createArrayOf("bigint", touched.stream().map(e -> e.getValue().seq()).toArray()));
            s.setArray(3, c.createArrayOf("text", touched.stream().map(e -> e.getValue().hash()).toArray()));
            s.setArray(4, c.createArrayOf("bigint", touched.stream().map(e -> e.getValue().sales()).toArray()));
            s.setArray(5, c.createArrayOf("numeric", touched.stream().map(e -> e.getValue().amountIdr()).toArray()));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("delete from ledger_seal_queue where entry_id = any(?::uuid[])")) {
            s.setArray(1, c.createArrayOf("uuid", ids));
            s.executeUpdate();
        }
        Instant now = Instant.now();
        for (Instant at : recorded) {
            lag.record(Duration.between(at, now).abs());
        }
        return n;
    }

    static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            s.setLong(1, LOCK);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    private static Map<Integer, CampaignHead> campaignHeads(Connection c, List<Integer> ids) throws SQLException {
        Map<Integer, CampaignHead> heads = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select campaign_id, campaign_seq, head_hash, sale_count, "
                + "amount_idr from ledger_seal_campaign where campaign_id = any(?::int[])")) {
            s.setArray(1, c.createArrayOf("integer", ids.stream().distinct().toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    heads.put(r.getInt(1), new CampaignHead(r.getLong(2), EntryRows.hex(r.getBytes(3)), r.getLong(4),
                            r.getBigDecimal(5)));
                }
            }
        }
        return heads;
    }

    private void updateOldest() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select recorded_at from ledger_seal_queue order by recorded_at, entry_id limit 1");
                ResultSet r = s.executeQuery()) {
            Timestamp oldest = r.next() ? r.getTimestamp(1) : null;
            oldestUnsealedSeconds.set(oldest == null ? 0.0
                    : Math.max(0, Duration.between(oldest.toInstant(), Instant.now()).toMillis() / 1000.0));
        }
    }
}
