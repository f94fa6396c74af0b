package id.campaignledger.common;

/** The caller spent its request allowance; {@code retryAfterSeconds} is when a request is allowed again. */
public class RateLimitedException extends LedgerException {

    private final long retryAfterSeconds;

    public RateLimitedException(long retryAfterSeconds) {
        super(ProblemType.RATE_LIMITED, "Too many requests for this caller; retry after " + retryAfterSeconds
                + " s.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
