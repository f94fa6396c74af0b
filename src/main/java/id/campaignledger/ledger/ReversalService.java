package id.campaignledger.ledger;

import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.Money;
import id.campaignledger.ledger.EntryReads.Reversed;
import id.campaignledger.ledger.LedgerExceptions.IdempotencyConflict;
import id.campaignledger.ledger.LedgerExceptions.ReversalExceedsRemaining;
import id.campaignledger.ledger.LedgerRecords.ReversalInput;
import id.campaignledger.ledger.PostingService.Posted;
import id.campaignledger.partner.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Corrections: a reversal takes back all or part of a sale, never more than remains of it. */
@ApplicationScoped
public class ReversalService {

    @Inject
    EntryReads reads;

    @Inject
    EntryInsert insert;

    @Inject
    EntryViews views;

    @Inject
    LedgerMetrics metrics;

    @Inject
    Instance<BeforeReversal> beforeReversal;

    private final EntryRules rules;

    @Inject
    ReversalService(LedgerClock clock) {
        this.rules = new EntryRules(clock.clock(), clock.zone());
    }

    @Transactional
    public Posted reverse(Caller caller, UUID saleId, ReversalInput input) {
        StoredEntry sale = EntryViews.visible(caller, reads.lockForReversal(saleId).orElse(null), saleId);
        byte[] digest = rules.reversalDigest(saleId, input);
        // An administrator's reference lives in a space of its own, never in the partner's.
        String ref = AdminReferences.stored(caller, sale.partnerId(), input.externalRef());
        StoredEntry existing = reads.findByRefs(sale.partnerId(), List.of(ref)).get(ref);
        if (existing != null) {
            return replay(existing, sale, ref, digest);
        }
        if (sale.kind() != EntryKind.SALE) {
            throw LedgerException.rule("Entry " + saleId + " is itself a reversal and cannot be reversed.");
        }
        Reversed reversed = reads.reversedSoFar(saleId);
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
        NewEntry reversal = new NewEntry(EntryIds.next(rules.now()), ref, sale.campaignId(), sale.umkmId(),
                EntryKind.REVERSAL, saleId, amount.negate(), sale.currency(), sale.fxRateToIdr(), amountIdr.negate(),
                sale.channel(), occurredAt, sale.regionCode(), null, input.reason().strip(), digest,
                sale.destinationCountry(), caller.partnerId(), caller.keyId());
        beforeReversal.forEach(b -> b.reversing(sale.campaignId()));
        Instant recordedAt = insert.insert(sale.partnerId(), List.of(reversal)).get(reversal.id());
        if (recordedAt == null) {
            // A twin with this externalRef won the race between our look-up and our insert.
            StoredEntry twin = reads.findByRefs(sale.partnerId(), List.of(ref)).get(ref);
            return replay(twin, sale, ref, digest);
        }
        metrics.reversal(sale.campaignCode(), sale.channel(), LedgerMetrics.Outcome.CREATED, amountIdr);
        return new Posted(views.view(PostingRound.stored(reversal, recordedAt, sale.partnerId(), sale.partnerCode(),
                sale.campaignCode(), caller.partnerId() == null ? null : caller.code())), false);
    }

    private Posted replay(StoredEntry existing, StoredEntry sale, String externalRef, byte[] digest) {
        if (!MessageDigest.isEqual(existing.requestDigest(), digest)) {
            metrics.idempotencyConflict(sale.campaignCode(), sale.channel());
            metrics.refusalAnswered();
            throw new IdempotencyConflict(externalRef, existing.id());
        }
        metrics.reversal(sale.campaignCode(), sale.channel(), LedgerMetrics.Outcome.REPLAYED, null);
        return new Posted(views.view(existing), true);
    }
}
