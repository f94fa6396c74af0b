package id.campaignledger.operations;

import id.campaignledger.common.Problem;
import id.campaignledger.partner.Authenticator;
import id.campaignledger.partner.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * What operators ask per partner and per error, from each API response:
 * {@code ledger_partner_requests_total{partner,access}} (volume per partner, reads and writes),
 * {@code ledger_rate_limited_total{partner}} (refusals by the rate limit: who is flooding) and
 * {@code ledger_problems_total{type,status}} (errors by problem type). Calls without a valid key
 * count as "unauthenticated": a label per client address would let anyone grow the series.
 */
public class CallerMetrics {

    static final String UNAUTHENTICATED = "unauthenticated";
    private static final String PROBLEM_PREFIX = "urn:campaign-ledger:problem:";

    @Inject
    MeterRegistry registry;

    @Inject
    Authenticator auth;

    @ServerResponseFilter
    public void count(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        int status = response.getStatus();
        if (response.getEntity() instanceof Problem problem) {
            String type = problem.type() == null ? "none" : problem.type().startsWith(PROBLEM_PREFIX)
                    ? problem.type().substring(PROBLEM_PREFIX.length()) : "other";
            Counter.builder("ledger.problems").description("Problem responses, by problem type and status")
                    .tag("type", type).tag("status", Integer.toString(status)).register(registry).increment();
        }
        // Only where the access filter ran (a resource matched): the caller is known and cached
        // then, so this costs no key lookup for a request that never reached an operation.
        if (resource == null || resource.getResourceMethod() == null) {
            return;
        }
        // Never a key lookup of its own: when the access filter could not resolve the caller (the
        // database was down and the answer is a 503), a lookup here would fail the response too.
        String partner = status == 401 || !auth.resolvesWithoutDatabase() ? UNAUTHENTICATED
                : auth.caller().map(Caller::code).orElse(UNAUTHENTICATED);
        if (status == 429) {
            Counter.builder("ledger.rate.limited").description("Requests refused by the rate limit (429), per partner")
                    .tag("partner", partner).register(registry).increment();
        }
        String access = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()) ? "read" : "write";
        Counter.builder("ledger.partner.requests").description("API requests per partner, reads and writes")
                .tag("partner", partner).tag("access", access).register(registry).increment();
    }
}
