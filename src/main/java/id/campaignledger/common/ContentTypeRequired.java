package id.campaignledger.common;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A body without a Content-Type is not guessed to be JSON (or CSV): another component on the way
 * could read it as something else. Operations that take a body answer 415 instead.
 */
public class ContentTypeRequired {

    /** After the access check: a caller without a key hears 401 first, whatever it sent. */
    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.USER + 50)
    public void check(ResourceInfo resource, HttpServerRequest request) {
        Method method = resource.getResourceMethod();
        if (method == null || method.getAnnotation(Consumes.class) == null) {
            return;
        }
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || type.isBlank()) {
            throw new LedgerException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Name the body's type in a Content-Type header: application/json (text/csv for imports).");
        }
    }
}
