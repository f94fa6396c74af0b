package id.campaignledger.ledger;

import id.campaignledger.common.LedgerException;
import id.campaignledger.ledger.EntryInsert.NamedSale;
import id.campaignledger.ledger.EntryInsert.Placed;
import id.campaignledger.ledger.EntryReads.CampaignRef;
import id.campaignledger.ledger.EntryReads.References;
import id.campaignledger.ledger.EntryReads.UmkmRef;
import id.campaignledger.ledger.LedgerExceptions.IdempotencyConflict;
import id.campaignledger.ledger.LedgerExceptions.UnknownReference;
import id.campaignledger.ledger.LedgerRecords.ItemStatus;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The idempotent heart of posting, for one partner's items, without the database: the caller
 * runs the look-ups and the inserts between the steps, in this order:
 * <ol>
 * <li>duplicates inside the request are set aside (a repeat answers as its first occurrence, or
 * is a conflict when its content differs);</li>
 * <li>{@link #named}, then {@link #placed}: the common case in one statement, the items inserted
 * as the partner named them ({@link EntryInsert#insertNamed} resolves the references and checks
 * the campaign dates itself); only the items it left out take the steps below;</li>
 * <li>{@link #resolve}: campaign and UMKM references and the campaign dates, giving the rows to
 * insert in a fixed order (by reference), so two overlapping batches never wait on each other's
 * rows in a cycle;</li>
 * <li>{@link #afterInsert}: what the insert skipped (a reference already stored, or a concurrent
 * twin) is to be looked up; rows refused by a rule are looked up too, because a replay answers
 * with the stored entry even if the rules would refuse it now;</li>
 * <li>{@link #finish}: a stored entry with the same request digest is a replay, a different one a
 * conflict.</li>
 * </ol>
 */
final class PostingRound {

    private final EntryRules rules;
    private final int partnerId;
    private final String partnerCode;
    private final List<Candidate> candidates;
    private final List<UUID> recordedByKeys;
    private final Outcome[] outcomes;
    private final Map<Integer, Integer> repeats = new HashMap<>();
    private final List<Integer> firsts;
    private final Set<String> knownCampaigns = new HashSet<>();
    private Map<Integer, NewEntry> entries = Map.of();
    private final List<Integer> lookUp = new ArrayList<>();
    private final Map<Integer, NamedSale> named = new HashMap<>();

    PostingRound(EntryRules rules, int partnerId, String partnerCode, List<Candidate> candidates) {
        this(rules, partnerId, partnerCode, candidates, null);
    }

    /**
     * @param recordedByKeys the API key each candidate came with, in the candidates' order (the
     *                       partner's requests grouped into one round may use different keys);
     *                       null when no key acted (in-process work)
     */
    PostingRound(EntryRules rules, int partnerId, String partnerCode, List<Candidate> candidates,
            List<UUID> recordedByKeys) {
        this.rules = rules;
        this.partnerId = partnerId;
        this.partnerCode = partnerCode;
        this.candidates = candidates;
        this.recordedByKeys = recordedByKeys;
        this.outcomes = new Outcome[candidates.size()];
        Map<String, Integer> firstByRef = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
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
        this.firsts = new ArrayList<>(firstByRef.values());
    }

    /** Whether any item needs its references looked up (none when all were refused while reading). */
    boolean hasItemsToResolve() {
        return !firsts.isEmpty();
    }

    Set<String> campaignCodes() {
        Set<String> codes = new HashSet<>();
        firsts.forEach(i -> codes.add(posting(i).campaignCode()));
        return codes;
    }

    Set<UUID> umkmIds() {
        Set<UUID> ids = new HashSet<>();
        firsts.stream().map(i -> posting(i).umkmId()).filter(id -> id != null).forEach(ids::add);
        return ids;
    }

    Set<String> nibs() {
        Set<String> nibs = new HashSet<>();
        firsts.stream().map(i -> posting(i).nib()).filter(nib -> nib != null).forEach(nibs::add);
        return nibs;
    }

    /** The items to insert as named, each under a new entry id (the statement puts them in reference order). */
    List<NamedSale> named() {
        List<NamedSale> sales = new ArrayList<>(firsts.size());
        for (int i : firsts) {
            NamedSale sale = new NamedSale(EntryIds.next(rules.now()), posting(i), key(i));
            named.put(i, sale);
            sales.add(sale);
        }
        return sales;
    }

    /** Records the named items the statement inserted; the others go on to {@link #resolve}. */
    void placed(Map<UUID, Placed> placed) {
        firsts.removeIf(i -> {
            NamedSale sale = named.get(i);
            Placed p = sale == null ? null : placed.get(sale.id());
            if (p == null) {
                return false;
            }
            Posting posting = posting(i);
            NewEntry e = sale(sale.id(), posting, p.campaignId(), p.umkmId(), p.regionCode(), i);
            outcomes[i] = Outcome.created(stored(e, p.recordedAt(), partnerId, partnerCode, posting.campaignCode(),
                    partnerCode));
            knownCampaigns.add(posting.campaignCode());
            return true;
        });
    }

    /** The rows to insert, in reference order; items that fail a rule are refused here. */
    List<NewEntry> resolve(References references) {
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
        entries = new LinkedHashMap<>();
        for (int i : firsts) {
            Posting p = posting(i);
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
                entries.put(i, sale(EntryIds.next(rules.now()), p, campaign.id(), umkm.id(), umkm.regionCode(), i));
            } catch (LedgerException e) {
                outcomes[i] = Outcome.rejected(e.problem());
            }
        }
        List<NewEntry> rows = new ArrayList<>(entries.values());
        rows.sort(Comparator.comparing(NewEntry::externalRef));
        return rows;
    }

    /** Records what was inserted; returns the references to look up (empty when all went in). */
    List<String> afterInsert(Map<UUID, Instant> inserted) {
        for (int i : firsts) {
            NewEntry e = entries.get(i);
            Instant recordedAt = e == null ? null : inserted.get(e.id());
            if (recordedAt != null) {
                outcomes[i] = Outcome.created(stored(e, recordedAt, partnerId, partnerCode,
                        posting(i).campaignCode(), partnerCode));
            } else {
                lookUp.add(i);
            }
        }
        return lookUp.stream().map(i -> posting(i).externalRef()).toList();
    }

    /** Every item's outcome, in the order of the candidates, given the entries stored under the looked-up references. */
    List<Outcome> finish(Map<String, StoredEntry> stored) {
        for (int i : lookUp) {
            Posting p = posting(i);
            StoredEntry existing = stored.get(p.externalRef());
            if (existing != null) {
                knownCampaigns.add(existing.campaignCode());
                outcomes[i] = replayOutcome(existing, p);
            } else if (outcomes[i] == null) {
                throw new IllegalStateException("entry " + p.externalRef() + " was neither inserted nor found");
            }
        }
        repeats.forEach((i, first) -> {
            Outcome original = outcomes[first];
            Posting p = posting(i);
            if (!MessageDigest.isEqual(p.requestDigest(), posting(first).requestDigest())) {
                outcomes[i] = Outcome.rejected(new IdempotencyConflict(p.externalRef(), original.id()).problem());
            } else {
                outcomes[i] = original.status() == ItemStatus.REJECTED ? original : Outcome.replayed(original.entry());
            }
        });
        return List.of(outcomes);
    }

    /** Campaigns that exist among those the items named: only those become metric labels. */
    Set<String> knownCampaigns() {
        return knownCampaigns;
    }

    private Posting posting(int i) {
        return candidates.get(i).posting();
    }

    private UUID key(int i) {
        return recordedByKeys == null ? null : recordedByKeys.get(i);
    }

    private NewEntry sale(UUID id, Posting p, int campaignId, UUID umkmId, String regionCode, int i) {
        return new NewEntry(id, p.externalRef(), campaignId, umkmId, EntryKind.SALE, null, p.amount(), p.currency(),
                p.fxRateToIdr(), p.amountIdr(), p.channel(), p.occurredAt(), regionCode, p.metadataJson(), null,
                p.requestDigest(), p.destinationCountry(), partnerId, key(i));
    }

    /** The entry as it now stands in the ledger, without reading it back. */
    static StoredEntry stored(NewEntry e, Instant recordedAt, int partnerId, String partnerCode, String campaignCode,
            String recordedByCode) {
        return new StoredEntry(e.id(), partnerId, partnerCode, e.externalRef(), e.campaignId(), campaignCode,
                e.umkmId(), e.kind(), e.reverses(), e.amount(), e.currency(), e.fxRateToIdr(), e.amountIdr(),
                e.channel(), e.occurredAt(), recordedAt, e.regionCode(), e.metadataJson(), e.reason(),
                e.requestDigest(), e.destinationCountry(), recordedByCode, e.recordedByKey());
    }

    private static Outcome replayOutcome(StoredEntry stored, Posting posting) {
        if (MessageDigest.isEqual(stored.requestDigest(), posting.requestDigest())) {
            return Outcome.replayed(stored);
        }
        return Outcome.rejected(new IdempotencyConflict(posting.externalRef(), stored.id()).problem());
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
}
