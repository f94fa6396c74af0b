package id.campaignledger.ledger;

/**
 * Told, inside a reversal's transaction and just before the reversal is written, that a
 * campaign's figures are about to go down. A reversal is the only thing that lowers progress;
 * a package that must see every high point (target milestones) looks here first, without the
 * ledger knowing it.
 */
public interface BeforeReversal {

    /** The reversal's campaign; runs in the reversal's transaction, which commits or not with it. */
    void reversing(int campaignId);
}
