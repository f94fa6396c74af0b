package id.campaignledger.partner;

/**
 * What an API key may do: ADMIN manages, PARTNER posts its own entries, VIEWER reads aggregates,
 * AUDITOR exports the ledger with its chain fields.
 */
public enum Role {
    ADMIN, PARTNER, VIEWER, AUDITOR
}
