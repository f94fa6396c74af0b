package id.campaignledger.common;

/** The kinds of problem the API reports; each has a stable type URI clients can switch on. */
public enum ProblemType {
    MALFORMED_REQUEST(400, "malformed-request", "The request could not be read"),
    VALIDATION(400, "validation", "The request is not valid"),
    UNAUTHENTICATED(401, "unauthenticated", "A valid API key is required"),
    FORBIDDEN(403, "forbidden", "Not allowed for this API key"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "No acceptable representation"),
    CONFLICT(409, "conflict", "Conflict"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    RULE_VIOLATION(422, "rule-violation", "A ledger rule is violated"),
    RATE_LIMITED(429, "rate-limited", "Too many requests"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "The service is temporarily unavailable"),
    INTERNAL(500, "internal", "Internal error");

    private final int status;
    private final String uri;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.uri = "urn:campaign-ledger:problem:" + slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public Problem problem(String detail) {
        return new Problem(uri, title, status, detail, null, null);
    }
}
