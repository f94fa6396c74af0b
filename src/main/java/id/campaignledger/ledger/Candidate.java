package id.campaignledger.ledger;

import id.campaignledger.common.Problem;

/** One item as read: a posting that passed every rule needing no database, or the problem that stopped it. */
public record Candidate(Posting posting, Problem problem) {

    static Candidate of(Posting posting) {
        return new Candidate(posting, null);
    }

    static Candidate refused(Problem problem) {
        return new Candidate(null, problem);
    }
}
