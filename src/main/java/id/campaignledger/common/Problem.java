package id.campaignledger.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error response. {@code requestId} is the
 * request's {@code X-Request-Id}, so a caller's report can be matched with the service's logs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldError> errors, String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
        this(type, title, status, detail, instance, errors, null);
    }

    public record FieldError(String field, String message) {
    }

    /** The problem as answered to one request: its path and its request id. */
    public Problem answering(String path, String id) {
        return new Problem(type, title, status, detail, path, errors, id);
    }
}
