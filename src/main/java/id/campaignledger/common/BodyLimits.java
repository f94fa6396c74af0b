package id.campaignledger.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses oversized bodies with a problem detail before any of the body is read. Bodies sent
 * without a Content-Length are counted while they are read (see {@link BodySizeInterceptor}).
 */
@ApplicationScoped
public class BodyLimits {

    static final String IMPORT_PATH_SUFFIX = "/transactions/import";
    static final String JOBS_PATH = "/api/v1/imports";

    @Inject
    LedgerConfig config;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        router.route().order(-100).handler(this::checkDeclaredLength);
    }

    public long limitFor(String path) {
        return (path != null && (path.endsWith(IMPORT_PATH_SUFFIX) || path.endsWith(JOBS_PATH))
                ? config.http().maxImportBodySize() : config.http().maxBodySize()).asLongValue();
    }

    private void checkDeclaredLength(RoutingContext context) {
        HttpServerRequest request = context.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long limit = limitFor(request.path());
        if (declared != null && exceeds(declared, limit)) {
            Problem problem = tooLarge(limit).answering(request.path(), RequestIds.of(context));
            try {
                context.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(json.writeValueAsString(problem));
            } catch (JsonProcessingException e) {
                context.fail(e);
            }
            return;
        }
        context.next();
    }

    private static boolean exceeds(String declared, long limit) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer rejects a malformed Content-Length itself
        }
    }

    public static Problem tooLarge(long limit) {
        return ProblemType.PAYLOAD_TOO_LARGE.problem("The body is larger than " + limit + " bytes.");
    }
}
