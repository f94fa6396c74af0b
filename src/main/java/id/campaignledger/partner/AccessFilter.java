package id.campaignledger.partner;

import id.campaignledger.common.LedgerException;
import id.campaignledger.common.ProblemType;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Authenticates and authorises every API call from its {@link Allowed} declaration. */
public class AccessFilter {

    @Inject
    Authenticator auth;

    @ConfigProperty(name = "ledger.dashboard.public", defaultValue = "false")
    boolean dashboardPublic;

    @ServerRequestFilter
    public void check(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Allowed allowed = method.getAnnotation(Allowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(Allowed.class);
        }
        if (allowed == null) {
            throw new LedgerException(ProblemType.FORBIDDEN, "This operation is not open to any caller.");
        }
        if (allowed.publicDashboard() && dashboardPublic && !auth.keyPresented()) {
            return;
        }
        auth.require(allowed.value());
    }
}
