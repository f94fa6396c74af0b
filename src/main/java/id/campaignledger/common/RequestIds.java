package id.campaignledger.common;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Priorities;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is short and plain,
 * a fresh UUID otherwise. The id is echoed in the response header, in problem details and in
 * every log line of the request (MDC key {@code requestId}). A caller-chosen id is never
 * trusted further than that: anything longer than 64 characters or outside
 * {@code [A-Za-z0-9._:-]} is replaced, so it cannot forge log lines or carry data.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    static final String CONTEXT_KEY = "ledger.request-id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    void install(@Observes Router router) {
        // Before everything else, the body size check included, so its 413 carries the id too.
        router.route().order(-200).handler(this::assign);
    }

    private void assign(RoutingContext context) {
        String id = accept(context.request().getHeader(HEADER));
        context.put(CONTEXT_KEY, id);
        context.response().putHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        context.addEndHandler(done -> MDC.remove(MDC_KEY));
        context.next();
    }

    /** Resource methods run on worker threads: the id goes into their log context as well. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public void toLogContext(RoutingContext context) {
        String id = of(context);
        if (id != null) {
            MDC.put(MDC_KEY, id);
        }
    }

    /** The caller's id when acceptable, otherwise a new one. */
    public static String accept(String presented) {
        if (presented != null && ACCEPTABLE.matcher(presented).matches()) {
            return presented;
        }
        return UUID.randomUUID().toString();
    }

    /** The id of the request being handled by this routing context, or null outside one. */
    public static String of(RoutingContext context) {
        return context == null ? null : context.get(CONTEXT_KEY);
    }
}
