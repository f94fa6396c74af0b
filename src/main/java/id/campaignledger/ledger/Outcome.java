package id.campaignledger.ledger;

import id.campaignledger.common.Problem;
import id.campaignledger.ledger.LedgerRecords.ItemStatus;
import java.util.UUID;

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
