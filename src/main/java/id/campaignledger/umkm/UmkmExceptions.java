package id.campaignledger.umkm;

import id.campaignledger.common.LedgerException;
import id.campaignledger.common.ProblemType;

/** The UMKM registry's named refusals. */
final class UmkmExceptions {

    private UmkmExceptions() {
    }

    static final class UmkmNotFound extends LedgerException {
        UmkmNotFound(String id) {
            super(ProblemType.NOT_FOUND, "There is no UMKM with id '" + id + "'.");
        }
    }
}
