package id.campaignledger.ledger;

public enum EntryKind {
    SALE, REVERSAL
}
