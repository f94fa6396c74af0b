package id.campaignledger.limits;

import id.campaignledger.partner.Authenticator;
import id.campaignledger.partner.Caller;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Takes a {@link ConcurrencyLimiter} permit for every API call once the caller is known (after
 * the access check), and gives it back when the response has been sent or the connection closed.
 */
public class ConcurrencyFilter {

    @Inject
    ConcurrencyLimiter limiter;

    @Inject
    Authenticator auth;

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public void enter(ResourceInfo resource, RoutingContext context) {
        if (resource.getResourceMethod() == null) {
            return;
        }
        Caller caller = auth.caller().orElse(null);
        String key;
        if (caller == null) {
            SocketAddress client = context.request().remoteAddress();
            key = "address:" + (client == null ? "unknown" : client.hostAddress());
        } else {
            key = caller.partnerId() == null ? "admin:" + caller.code() : "partner:" + caller.code();
        }
        ConcurrencyLimiter.Permit permit = limiter.enter(key);
        context.addEndHandler(done -> permit.release());
    }
}
