package id.campaignledger.ledger;

import id.campaignledger.common.LedgerException;
import id.campaignledger.partner.Caller;

/**
 * The reference space of an entry someone other than its partner records: an administrator
 * reversing a partner's sale. References are the partner's own ids and unique per partner; an
 * administrator's reference stored as sent would take one of them, and the partner's own later
 * entry with that id would be refused as a conflict. So an entry recorded by a caller other than
 * the entry's partner is stored under {@code ~<caller code>:<reference>}: callers may not send a
 * reference starting with '~' ({@link LedgerRecords#EXTERNAL_REF}), so the two spaces never meet,
 * and the administrator's retries still replay (same caller, same reference, same stored form).
 */
final class AdminReferences {

    static final char RESERVED = '~';
    private static final int MAX_LENGTH = 100;

    private AdminReferences() {
    }

    /** The reference to store for an entry of {@code ownerPartnerId} that {@code caller} records. */
    static String stored(Caller caller, int ownerPartnerId, String reference) {
        if (caller.partnerId() != null && caller.partnerId() == ownerPartnerId) {
            return reference;
        }
        String stored = RESERVED + caller.code() + ":" + reference;
        if (stored.length() > MAX_LENGTH) {
            throw LedgerException.invalid("externalRef", "must be at most "
                    + (MAX_LENGTH - stored.length() + reference.length())
                    + " characters when an administrator records an entry in a partner's ledger (it is stored as '"
                    + RESERVED + caller.code() + ":<externalRef>')");
        }
        return stored;
    }
}
