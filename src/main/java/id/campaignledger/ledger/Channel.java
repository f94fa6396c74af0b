package id.campaignledger.ledger;

/** Where a sale happened; QRIS is the national QR payment standard the provinces promote. */
public enum Channel {
    MARKETPLACE, E_KATALOG, QRIS, EXPO, OFFLINE, EXPORT, OTHER
}
