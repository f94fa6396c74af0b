package id.campaignledger.ledger;

import id.campaignledger.common.LedgerConfig;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.ProblemMapper;
import id.campaignledger.common.ProblemType;
import id.campaignledger.ledger.EntryReads.References;
import id.campaignledger.ledger.LedgerRecords.BatchItemResult;
import id.campaignledger.ledger.LedgerRecords.BatchResult;
import id.campaignledger.ledger.LedgerRecords.ItemStatus;
import id.campaignledger.ledger.LedgerRecords.TransactionInput;
import id.campaignledger.partner.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Posting sales: single posts share transactions through {@link GroupCommit}, a batch or an
 * import chunk is one transaction; all go through {@link PostingRound}, the idempotent core.
 */
@ApplicationScoped
public class PostingService {

    private static final References NOTHING = new References(Map.of(), List.of());

    private final ItemReader reader;
    private final EntryReads reads;
    private final EntryInsert insert;
    private final LedgerMetrics metrics;
    private final EntryViews views;
    private final GroupCommit<Single, Settled> singles;

    @Inject
    PostingService(ItemReader reader, EntryReads reads, EntryInsert insert, LedgerMetrics metrics, EntryViews views,
            LedgerConfig config) {
        this.reader = reader;
        this.reads = reads;
        this.insert = insert;
        this.metrics = metrics;
        this.views = views;
        this.singles = new GroupCommit<>(config.posting().maxGroup(), config.posting().groupsAtOnce(),
                this::postSingles);
    }

    public record Posted(LedgerRecords.TransactionView entry, boolean replayed) {
    }

    /**
     * One entry, posted together with the single entries other requests are posting at the same
     * moment (see {@link GroupCommit}): the answer comes once the shared transaction committed.
     */
    public Posted post(Caller caller, TransactionInput input) {
        postingPartner(caller);
        Settled settled = singles.submit(new Single(caller, reader.prepared(input)));
        if (settled.failure() != null) {
            throw settled.failure();
        }
        Outcome outcome = settled.outcome();
        if (outcome.status() == ItemStatus.REJECTED) {
            throw new LedgerException(outcome.problem());
        }
        return new Posted(views.view(outcome.entry()), outcome.status() == ItemStatus.REPLAYED);
    }

    /** A single post waiting for its group. */
    record Single(Caller caller, Candidate candidate) {
    }

    /** What became of a single post: its outcome, or the failure that stopped it. */
    record Settled(Outcome outcome, RuntimeException failure) {
    }

    /**
     * Posts a group of single entries in one transaction, one statement per partner. When the
     * group fails for a reason one entry may have caused, each entry is tried alone so that only
     * the culprit fails; an unreachable or overloaded database fails the group as a whole.
     */
    private List<Settled> postSingles(List<Single> group) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> postTogether(group));
        } catch (RuntimeException e) {
            if (group.size() == 1 || ProblemMapper.isDatabaseUnavailable(e) || ProblemMapper.isStatementTimeout(e)) {
                throw e;
            }
            List<Settled> alone = new ArrayList<>(group.size());
            for (Single single : group) {
                try {
                    alone.add(QuarkusTransaction.requiringNew().call(() -> postTogether(List.of(single))).get(0));
                } catch (RuntimeException failure) {
                    alone.add(new Settled(null, failure));
                }
            }
            return alone;
        }
    }

    private List<Settled> postTogether(List<Single> group) {
        Map<Integer, List<Integer>> byPartner = new TreeMap<>();
        for (int i = 0; i < group.size(); i++) {
            byPartner.computeIfAbsent(group.get(i).caller().partnerId(), p -> new ArrayList<>()).add(i);
        }
        Settled[] settled = new Settled[group.size()];
        // Partners in a fixed order: their totals rows never overlap, their campaign locks are shared.
        for (List<Integer> mine : byPartner.values()) {
            // One partner, possibly several of its keys: each entry records the key of its own request.
            List<Outcome> outcomes = postAll(group.get(mine.get(0)).caller(),
                    mine.stream().map(i -> group.get(i).candidate()).toList(),
                    mine.stream().map(i -> group.get(i).caller().keyId()).toList());
            for (int k = 0; k < mine.size(); k++) {
                settled[mine.get(k)] = new Settled(outcomes.get(k), null);
            }
        }
        return List.of(settled);
    }

    /** Valid items are kept even when others are refused; all of them go in one statement. */
    @Transactional
    public BatchResult postBatch(Caller caller, List<Candidate> items) {
        List<Outcome> outcomes = postAll(caller, items);
        List<BatchItemResult> results = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            results.add(new BatchItemResult(i, o.status(), o.id(), o.problem()));
        }
        metrics.batch(items.size());
        return LedgerRecords.summarise(results, BatchItemResult::status, BatchResult::new);
    }

    /** Posts one chunk of an import in its own transaction. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    List<Outcome> postChunk(Caller caller, List<Candidate> chunk) {
        return postAll(caller, chunk);
    }

    /** Hook for import jobs: one chunk inside the caller's transaction, with the job's progress. */
    @Transactional(Transactional.TxType.MANDATORY)
    List<Outcome> postChunkJoined(Caller caller, List<Candidate> chunk) {
        return postAll(caller, chunk);
    }

    private List<Outcome> postAll(Caller caller, List<Candidate> candidates) {
        return postAll(caller, candidates, Collections.nCopies(candidates.size(), caller.keyId()));
    }

    /**
     * One partner's items through the idempotent core: one insert of the items as named, then,
     * for what it left out, look-ups, one insert, look-ups of what that skipped. {@code keys}: the
     * API key each item came with, recorded on its entry.
     */
    private List<Outcome> postAll(Caller caller, List<Candidate> candidates, List<UUID> keys) {
        int partnerId = postingPartner(caller);
        PostingRound round = new PostingRound(reader.rules(), partnerId, caller.code(), candidates, keys);
        if (round.hasItemsToResolve()) {
            round.placed(insert.insertNamed(partnerId, round.named()));
        }
        References references = round.hasItemsToResolve()
                ? reads.references(round.campaignCodes(), round.umkmIds(), round.nibs()) : NOTHING;
        Map<UUID, Instant> inserted = insert.insert(partnerId, round.resolve(references));
        List<Outcome> outcomes = round.finish(reads.findByRefs(partnerId, round.afterInsert(inserted)));
        count(candidates, outcomes, round.knownCampaigns());
        return outcomes;
    }

    /** Campaign labels only for campaigns that exist, so a client cannot invent label values. */
    private void count(List<Candidate> candidates, List<Outcome> outcomes, Set<String> knownCampaigns) {
        for (int i = 0; i < outcomes.size(); i++) {
            Posting p = candidates.get(i).posting();
            String campaign = p != null && knownCampaigns.contains(p.campaignCode()) ? p.campaignCode() : null;
            Channel channel = p == null ? null : p.channel();
            Outcome outcome = outcomes.get(i);
            switch (outcome.status()) {
                case CREATED -> metrics.sale(campaign, channel, LedgerMetrics.Outcome.CREATED, p.amountIdr());
                case REPLAYED -> metrics.sale(campaign, channel, LedgerMetrics.Outcome.REPLAYED, null);
                case REJECTED -> {
                    metrics.sale(campaign, channel, LedgerMetrics.Outcome.REJECTED, null);
                    if (outcome.problem().status() == ProblemType.CONFLICT.status()) {
                        metrics.idempotencyConflict(campaign, channel);
                    }
                }
            }
        }
    }

    static int postingPartner(Caller caller) {
        if (caller.partnerId() == null) {
            throw new LedgerException(ProblemType.FORBIDDEN,
                    "Entries are posted by partners; the bootstrap administrator key has no ledger of its own.");
        }
        return caller.partnerId();
    }
}
