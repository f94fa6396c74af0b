package id.campaignledger.partner;

import id.campaignledger.common.LedgerException;
import id.campaignledger.common.ProblemType;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import id.campaignledger.common.LedgerConfig;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates, rate-limits and authorises every API call from its {@link Allowed} declaration.
 * The limit is charged right after the caller is known, before any work is done for it; calls
 * without a valid key are charged to the client address.
 */
public class AccessFilter {

    @Inject
    Authenticator auth;

    @Inject
    RateLimiter limiter;

    /** Looked up per request: filters are built before the runtime configuration exists. */
    @Inject
    Provider<LedgerConfig> config;

    @ServerRequestFilter
    public void check(ResourceInfo resource, HttpServerRequest request) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        SocketAddress client = request.remoteAddress();
        String address = client == null ? "unknown" : client.hostAddress();
        boolean chargedToAddress = false;
        if (!auth.resolvesWithoutDatabase()) {
            // A key not known in memory is charged to the client address before the database is
            // asked about it: a flood of garbage keys is refused (429) without database work.
            limiter.charge(null, address);
            chargedToAddress = true;
        }
        Caller caller = auth.caller().orElse(null);
        if (caller != null || !chargedToAddress) {
            limiter.charge(caller, address);
        }
        Allowed allowed = method.getAnnotation(Allowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(Allowed.class);
        }
        if (allowed == null) {
            throw new LedgerException(ProblemType.FORBIDDEN, "This operation is not open to any caller.");
        }
        if (allowed.anyone()) {
            return;
        }
        if (allowed.publicDashboard() && config.get().dashboard().open() && !auth.keyPresented()) {
            return;
        }
        auth.require(allowed.value());
    }
}
