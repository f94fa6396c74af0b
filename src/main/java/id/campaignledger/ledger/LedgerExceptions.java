package id.campaignledger.ledger;

import id.campaignledger.common.LedgerException;
import id.campaignledger.common.ProblemType;
import java.math.BigDecimal;
import java.util.UUID;

/** The ledger's named refusals. */
final class LedgerExceptions {

    private LedgerExceptions() {
    }

    /** The partner used an externalRef again for something else. */
    static final class IdempotencyConflict extends LedgerException {
        IdempotencyConflict(String externalRef, UUID existing) {
            super(ProblemType.CONFLICT, "externalRef '" + externalRef + "' was already used for a different entry ("
                    + existing + "); a retry must repeat the original request exactly.");
        }
    }

    static final class ReversalExceedsRemaining extends LedgerException {
        ReversalExceedsRemaining(UUID sale, BigDecimal requested, BigDecimal remaining, String currency) {
            super(ProblemType.RULE_VIOLATION, "Reversing " + requested.toPlainString() + " " + currency + " of " + sale
                    + " exceeds what remains of it (" + remaining.toPlainString() + " " + currency + ").");
        }
    }

    static final class UnknownReference extends LedgerException {
        UnknownReference(String what) {
            super(ProblemType.RULE_VIOLATION, what);
        }
    }
}
