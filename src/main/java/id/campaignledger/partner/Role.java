package id.campaignledger.partner;

/** What an API key may do: ADMIN manages, PARTNER posts its own entries, VIEWER reads aggregates. */
public enum Role {
    ADMIN, PARTNER, VIEWER
}
