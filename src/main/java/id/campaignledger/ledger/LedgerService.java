package id.campaignledger.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.Money;
import id.campaignledger.common.Problem;
import id.campaignledger.common.ProblemMapper;
import id.campaignledger.common.ProblemType;
import id.campaignledger.common.Problems;
import id.campaignledger.ledger.LedgerExceptions.IdempotencyConflict;
import id.campaignledger.ledger.LedgerExceptions.ReversalExceedsRemaining;
import id.campaignledger.ledger.LedgerExceptions.UnknownReference;
import id.campaignledger.ledger.LedgerRecords.BatchItemResult;
import id.campaignledger.ledger.LedgerRecords.BatchResult;
import id.campaignledger.ledger.LedgerRecords.ItemStatus;
import id.campaignledger.ledger.LedgerRecords.ReversalInput;
import id.campaignledger.ledger.LedgerRecords.TransactionInput;
import id.campaignledger.ledger.LedgerRecords.TransactionView;
import id.campaignledger.ledger.LedgerStore.CampaignRef;
import id.campaignledger.ledger.LedgerStore.Reversed;
import id.campaignledger.ledger.LedgerStore.UmkmRef;
import id.campaignledger.partner.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Posting, replaying and reversing ledger entries. */
@ApplicationScoped
public class LedgerService {

    @Inject
    LedgerStore store;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Inject
    LedgerMetrics metrics;

    private final EntryRules rules;
    private final GroupCommit<Single, Settled> singles;

    @Inject
    public LedgerService(@ConfigProperty(name = "ledger.time-zone", defaultValue = "Asia/Jakarta") ZoneId zone,
            @ConfigProperty(name = "ledger.posting.max-group", defaultValue = "64") int maxGroup,
            @ConfigProperty(name = "ledger.posting.groups-at-once", defaultValue = "2") int groupsAtOnce) {
        this.rules = new EntryRules(Clock.systemUTC(), zone);
        this.singles = new GroupCommit<>(maxGroup, groupsAtOnce, this::postSingles);
    }

    /** What became of one item; {@code entry} is the stored entry when one was created or replayed. */
    record Outcome(ItemStatus status, UUID id, Problem problem, StoredEntry entry) {
        static Outcome created(StoredEntry entry) {
            return new Outcome(ItemStatus.CREATED, entry.id(), null, entry);
        }

        static Outcome replayed(StoredEntry entry) {
            return new Outcome(ItemStatus.REPLAYED, entry.id(), null, entry);
        }

        static Outcome rejected(Problem problem) {
            return new Outcome(ItemStatus.REJECTED, null, problem, null);
        }
    }

    public record Posted(TransactionView entry, boolean replayed) {
    }

    /**
     * One entry, posted together with the single entries other requests are posting at the same
     * moment (see {@link GroupCommit}): the answer comes once the shared transaction committed.
     */
    public Posted post(Caller caller, TransactionInput input) {
        postingPartner(caller);
        Settled settled = singles.submit(new Single(caller, prepare(input)));
        if (settled.failure() != null) {
            throw settled.failure();
        }
        Outcome outcome = settled.outcome();
        if (outcome.status() == ItemStatus.REJECTED) {
            throw new LedgerException(outcome.problem());
        }
        return new Posted(view(outcome.entry()), outcome.status() == ItemStatus.REPLAYED);
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
            List<Outcome> outcomes = postAll(group.get(mine.get(0)).caller(),
                    mine.stream().map(i -> group.get(i).candidate()).toList());
            for (int k = 0; k < mine.size(); k++) {
                settled[mine.get(k)] = new Settled(outcomes.get(k), null);
            }
        }
        return List.of(settled);
    }

    /** Valid items are kept even when others are refused; all of them go in one statement. */
    @Transactional
    public BatchResult postBatch(Caller caller, List<JsonNode> items) {
        List<Outcome> outcomes = postAll(caller, items.stream().map(this::read).toList());
        List<BatchItemResult> results = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            results.add(new BatchItemResult(i, o.status(), o.id(), o.problem()));
        }
        metrics.batch(items.size());
        return summarise(results, BatchItemResult::status, BatchResult::new);
    }

    /** Hook for import jobs: one chunk inside the caller's transaction, with the job's progress. */
    @Transactional(Transactional.TxType.MANDATORY)
    List<Outcome> postRowsJoined(Caller caller, List<CsvImporter.Row> rows) {
        return postAll(caller, rows.stream()
                .map(r -> r.problem() != null ? new Candidate(null, r.problem()) : read(r.item()))
                .toList());
    }

    /** Posts one chunk of an import in its own transaction. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    List<Outcome> postRows(Caller caller, List<CsvImporter.Row> rows) {
        return postAll(caller, rows.stream()
                .map(r -> r.problem() != null ? new Candidate(null, r.problem()) : read(r.item()))
                .toList());
    }

    @Transactional
    public TransactionView get(Caller caller, UUID id) {
        return view(visible(caller, store.find(id).orElse(null), id));
    }

    @Transactional
    public LedgerRecords.TransactionPage list(Caller caller, TransactionFilter filter) {
        Integer partnerId = caller.isAdmin() ? null : caller.partnerId();
        if (!caller.isAdmin() && partnerId == null) {
            throw new LedgerException(ProblemType.FORBIDDEN, "Only partners and administrators list entries.");
        }
        List<StoredEntry> rows = store.page(partnerId, filter);
        boolean more = rows.size() > filter.limit();
        List<StoredEntry> page = more ? rows.subList(0, filter.limit()) : rows;
        StoredEntry last = page.isEmpty() ? null : page.get(page.size() - 1);
        String next = more ? new TransactionFilter.Position(last.occurredAt(), last.id()).encode() : null;
        return new LedgerRecords.TransactionPage(page.stream().map(this::view).toList(), next);
    }

    @Transactional
    public Posted reverse(Caller caller, UUID saleId, ReversalInput input) {
        StoredEntry sale = visible(caller, store.lockForReversal(saleId).orElse(null), saleId);
        byte[] digest = rules.reversalDigest(saleId, input);
        StoredEntry existing = store.findByRefs(sale.partnerId(), List.of(input.externalRef())).get(input.externalRef());
        if (existing != null) {
            return replay(existing, sale, input.externalRef(), digest);
        }
        if (sale.kind() != EntryKind.SALE) {
            throw LedgerException.rule("Entry " + saleId + " is itself a reversal and cannot be reversed.");
        }
        Reversed reversed = store.reversedSoFar(saleId);
        BigDecimal remaining = sale.amount().add(reversed.amount());
        BigDecimal remainingIdr = sale.amountIdr().add(reversed.amountIdr());
        if (remaining.signum() <= 0 || remainingIdr.signum() <= 0) {
            throw LedgerException.rule("Entry " + saleId + " has already been reversed in full.");
        }
        BigDecimal amount = input.amount() == null ? remaining : Money.sen(input.amount());
        if (amount.compareTo(remaining) > 0) {
            throw new ReversalExceedsRemaining(saleId, amount, remaining, sale.currency());
        }
        // Reversing all that remains takes exactly the IDR that remains, so rounding never leaves a sen behind.
        BigDecimal amountIdr = amount.compareTo(remaining) == 0 ? remainingIdr
                : sale.fxRateToIdr() == null ? amount
                : Money.toIdr(amount, sale.fxRateToIdr()).min(remainingIdr);
        if (amountIdr.signum() <= 0) {
            throw LedgerException.invalid("amount", "is worth less than one sen in IDR at the entry's rate");
        }
        Instant occurredAt = input.occurredAt() == null ? rules.now()
                : rules.notInTheFuture(input.occurredAt().toInstant());
        if (occurredAt.isBefore(sale.occurredAt())) {
            throw LedgerException.rule("A reversal cannot occur before the entry it reverses (" + sale.occurredAt()
                    + ").");
        }
        NewEntry reversal = new NewEntry(UUID.randomUUID(), input.externalRef(), sale.campaignId(), sale.umkmId(),
                EntryKind.REVERSAL, saleId, amount.negate(), sale.currency(), sale.fxRateToIdr(), amountIdr.negate(),
                sale.channel(), occurredAt, sale.regionCode(), null, input.reason().strip(), digest);
        Instant recordedAt = store.insert(sale.partnerId(), List.of(reversal)).get(reversal.id());
        if (recordedAt == null) {
            // A twin with this externalRef won the race between our look-up and our insert.
            StoredEntry twin = store.findByRefs(sale.partnerId(), List.of(input.externalRef())).get(input.externalRef());
            return replay(twin, sale, input.externalRef(), digest);
        }
        metrics.reversal(sale.campaignCode(), sale.channel(), LedgerMetrics.Outcome.CREATED, amountIdr);
        return new Posted(view(stored(reversal, recordedAt, sale.partnerId(), sale.partnerCode(), sale.campaignCode())),
                false);
    }

    private Posted replay(StoredEntry existing, StoredEntry sale, String externalRef, byte[] digest) {
        if (!MessageDigest.isEqual(existing.requestDigest(), digest)) {
            metrics.idempotencyConflict(sale.campaignCode(), sale.channel());
            metrics.refusalAnswered();
            throw new IdempotencyConflict(externalRef, existing.id());
        }
        metrics.reversal(sale.campaignCode(), sale.channel(), LedgerMetrics.Outcome.REPLAYED, null);
        return new Posted(view(existing), true);
    }

    /** One parsed item: a posting, or the problem that stopped it being read. */
    record Candidate(Posting posting, Problem problem) {
    }

    Candidate read(JsonNode item) {
        TransactionInput input;
        try {
            if (item == null || !item.isObject()) {
                return new Candidate(null, Problems.invalid("item", "must be a JSON object"));
            }
            input = json.treeToValue(item, TransactionInput.class);
        } catch (JsonProcessingException e) {
            return new Candidate(null, Problems.fromJson(e));
        } catch (IllegalArgumentException e) {
            return new Candidate(null, ProblemType.MALFORMED_REQUEST.problem("The item cannot be read."));
        }
        Set<ConstraintViolation<TransactionInput>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            return new Candidate(null, Problems.fromViolations(violations));
        }
        return prepare(input);
    }

    private Candidate prepare(TransactionInput input) {
        try {
            return new Candidate(rules.prepare(input), null);
        } catch (LedgerException e) {
            return new Candidate(null, e.problem());
        }
    }

    /**
     * The heart of posting: duplicates inside the request, reference and campaign rules, then one
     * insert that skips references already stored. Only what was not inserted, or was refused by
     * a rule, is looked up afterwards: a replay answers with the stored entry even if the rules
     * would refuse it now, and a different request under a stored reference is a conflict. The
     * unique constraint settles races with concurrent twins.
     */
    private List<Outcome> postAll(Caller caller, List<Candidate> candidates) {
        int partnerId = postingPartner(caller);
        int n = candidates.size();
        Outcome[] outcomes = new Outcome[n];
        Map<String, Integer> firstByRef = new LinkedHashMap<>();
        Map<Integer, Integer> repeats = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Candidate c = candidates.get(i);
            if (c.problem() != null) {
                outcomes[i] = Outcome.rejected(c.problem());
                continue;
            }
            Integer first = firstByRef.putIfAbsent(c.posting().externalRef(), i);
            if (first != null) {
                repeats.put(i, first);
            }
        }

        List<Integer> firsts = new ArrayList<>(firstByRef.values());
        Set<String> knownCampaigns = new HashSet<>();
        Map<Integer, NewEntry> entries = resolve(candidates, firsts, outcomes, knownCampaigns);
        List<NewEntry> toInsert = new ArrayList<>(entries.values());
        // A fixed order keeps two overlapping batches from waiting on each other's rows in a cycle.
        toInsert.sort(Comparator.comparing(NewEntry::externalRef));
        Map<UUID, Instant> inserted = store.insert(partnerId, toInsert);
        List<Integer> lookUp = new ArrayList<>();
        for (int i : firsts) {
            NewEntry e = entries.get(i);
            Instant recordedAt = e == null ? null : inserted.get(e.id());
            if (recordedAt != null) {
                outcomes[i] = Outcome.created(stored(e, recordedAt, partnerId, caller.code(),
                        candidates.get(i).posting().campaignCode()));
            } else {
                lookUp.add(i);
            }
        }
        if (!lookUp.isEmpty()) {
            Map<String, StoredEntry> stored = store.findByRefs(partnerId,
                    lookUp.stream().map(i -> candidates.get(i).posting().externalRef()).toList());
            for (int i : lookUp) {
                Posting p = candidates.get(i).posting();
                StoredEntry existing = stored.get(p.externalRef());
                if (existing != null) {
                    knownCampaigns.add(existing.campaignCode());
                    outcomes[i] = replayOutcome(existing, p);
                } else if (outcomes[i] == null) {
                    throw new IllegalStateException("entry " + p.externalRef() + " was neither inserted nor found");
                }
            }
        }

        repeats.forEach((i, first) -> {
            Outcome original = outcomes[first];
            Posting p = candidates.get(i).posting();
            if (!MessageDigest.isEqual(p.requestDigest(), candidates.get(first).posting().requestDigest())) {
                outcomes[i] = Outcome.rejected(new IdempotencyConflict(p.externalRef(),
                        original.id()).problem());
            } else {
                outcomes[i] = original.status() == ItemStatus.REJECTED ? original
                        : Outcome.replayed(original.entry());
            }
        });
        count(candidates, outcomes, knownCampaigns);
        return List.of(outcomes);
    }

    /** The entry as it now stands in the ledger, without reading it back. */
    private static StoredEntry stored(NewEntry e, Instant recordedAt, int partnerId, String partnerCode,
            String campaignCode) {
        return new StoredEntry(e.id(), partnerId, partnerCode, e.externalRef(), e.campaignId(), campaignCode,
                e.umkmId(), e.kind(), e.reverses(), e.amount(), e.currency(), e.fxRateToIdr(), e.amountIdr(),
                e.channel(), e.occurredAt(), recordedAt, e.regionCode(), e.metadataJson(), e.reason(),
                e.requestDigest());
    }

    /** Campaign labels only for campaigns that exist, so a client cannot invent label values. */
    private void count(List<Candidate> candidates, Outcome[] outcomes, Set<String> knownCampaigns) {
        for (int i = 0; i < outcomes.length; i++) {
            Posting p = candidates.get(i).posting();
            String campaign = p != null && knownCampaigns.contains(p.campaignCode()) ? p.campaignCode() : null;
            Channel channel = p == null ? null : p.channel();
            switch (outcomes[i].status()) {
                case CREATED -> metrics.sale(campaign, channel, LedgerMetrics.Outcome.CREATED, p.amountIdr());
                case REPLAYED -> metrics.sale(campaign, channel, LedgerMetrics.Outcome.REPLAYED, null);
                case REJECTED -> {
                    metrics.sale(campaign, channel, LedgerMetrics.Outcome.REJECTED, null);
                    if (outcomes[i].problem().status() == ProblemType.CONFLICT.status()) {
                        metrics.idempotencyConflict(campaign, channel);
                    }
                }
            }
        }
    }

    private static Outcome replayOutcome(StoredEntry stored, Posting posting) {
        if (MessageDigest.isEqual(stored.requestDigest(), posting.requestDigest())) {
            return Outcome.replayed(stored);
        }
        return Outcome.rejected(new IdempotencyConflict(posting.externalRef(), stored.id()).problem());
    }

    /** Looks up campaigns and UMKM for the items in one round trip; refuses those that fail a rule. */
    private Map<Integer, NewEntry> resolve(List<Candidate> candidates, List<Integer> fresh, Outcome[] outcomes,
            Set<String> knownCampaigns) {
        if (fresh.isEmpty()) {
            return Map.of();
        }
        Set<String> campaignCodes = new HashSet<>();
        Set<UUID> umkmIds = new HashSet<>();
        Set<String> nibs = new HashSet<>();
        for (int i : fresh) {
            Posting p = candidates.get(i).posting();
            campaignCodes.add(p.campaignCode());
            if (p.umkmId() != null) {
                umkmIds.add(p.umkmId());
            }
            if (p.nib() != null) {
                nibs.add(p.nib());
            }
        }
        LedgerStore.References references = store.references(campaignCodes, umkmIds, nibs);
        Map<String, CampaignRef> campaigns = references.campaigns();
        knownCampaigns.addAll(campaigns.keySet());
        Map<UUID, UmkmRef> byId = new HashMap<>();
        Map<String, UmkmRef> byNib = new HashMap<>();
        for (UmkmRef u : references.umkm()) {
            byId.put(u.id(), u);
            if (u.nib() != null) {
                byNib.put(u.nib(), u);
            }
        }
        Map<Integer, NewEntry> entries = new LinkedHashMap<>();
        for (int i : fresh) {
            Posting p = candidates.get(i).posting();
            try {
                CampaignRef campaign = campaigns.get(p.campaignCode());
                if (campaign == null) {
                    throw new UnknownReference("There is no campaign '" + p.campaignCode() + "'.");
                }
                UmkmRef umkm = umkm(p, byId, byNib);
                if (!campaign.covers(rules.ledgerDate(p.occurredAt()))) {
                    throw LedgerException.rule("occurredAt " + p.occurredAt() + " falls outside campaign "
                            + campaign.code() + " (" + campaign.startsOn() + " to "
                            + (campaign.endsOn() == null ? "open" : campaign.endsOn()) + ", " + rules.zone() + ").");
                }
                entries.put(i, new NewEntry(UUID.randomUUID(), p.externalRef(), campaign.id(), umkm.id(),
                        EntryKind.SALE, null, p.amount(), p.currency(), p.fxRateToIdr(), p.amountIdr(), p.channel(),
                        p.occurredAt(), umkm.regionCode(), p.metadataJson(), null, p.requestDigest()));
            } catch (LedgerException e) {
                outcomes[i] = Outcome.rejected(e.problem());
            }
        }
        return entries;
    }

    private static UmkmRef umkm(Posting p, Map<UUID, UmkmRef> byId, Map<String, UmkmRef> byNib) {
        UmkmRef viaId = p.umkmId() == null ? null : byId.get(p.umkmId());
        UmkmRef viaNib = p.nib() == null ? null : byNib.get(p.nib());
        if (p.umkmId() != null && viaId == null) {
            throw new UnknownReference("There is no UMKM " + p.umkmId() + ".");
        }
        if (p.nib() != null && viaNib == null) {
            throw new UnknownReference("There is no UMKM with NIB " + p.nib() + ".");
        }
        if (viaId != null && viaNib != null && !viaId.id().equals(viaNib.id())) {
            throw new UnknownReference("umkmId " + p.umkmId() + " and nib " + p.nib() + " name different UMKM.");
        }
        return viaId != null ? viaId : viaNib;
    }

    private static int postingPartner(Caller caller) {
        if (caller.partnerId() == null) {
            throw new LedgerException(ProblemType.FORBIDDEN,
                    "Entries are posted by partners; the bootstrap administrator key has no ledger of its own.");
        }
        return caller.partnerId();
    }

    /** Another partner's entry is reported as absent: its existence is not the caller's business. */
    private static StoredEntry visible(Caller caller, StoredEntry entry, UUID id) {
        if (entry == null || !(caller.isAdmin() || Integer.valueOf(entry.partnerId()).equals(caller.partnerId()))) {
            throw LedgerException.notFound("There is no transaction " + id + ".");
        }
        return entry;
    }

    TransactionView view(StoredEntry e) {
        JsonNode metadata;
        try {
            metadata = e.metadataJson() == null ? null : json.readTree(e.metadataJson());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored metadata is JSON", ex);
        }
        return new TransactionView(e.id(), e.partnerCode(), e.externalRef(), e.campaignCode(), e.umkmId(),
                Money.format(e.amount()), e.currency(),
                e.fxRateToIdr() == null ? null : e.fxRateToIdr().stripTrailingZeros().toPlainString(),
                Money.format(e.amountIdr()), e.channel(), e.occurredAt().atOffset(ZoneOffset.UTC), e.recordedAt(),
                e.regionCode(), metadata, e.kind(), e.reverses(), e.reason());
    }

    static <R, T> T summarise(List<R> results, java.util.function.Function<R, ItemStatus> status,
            Summary<R, T> summary) {
        int created = 0;
        int replayed = 0;
        int rejected = 0;
        for (R r : results) {
            switch (status.apply(r)) {
                case CREATED -> created++;
                case REPLAYED -> replayed++;
                case REJECTED -> rejected++;
            }
        }
        return summary.of(created, replayed, rejected, results);
    }

    @FunctionalInterface
    interface Summary<R, T> {
        T of(int created, int replayed, int rejected, List<R> results);
    }

    EntryRules rules() {
        return rules;
    }
}
