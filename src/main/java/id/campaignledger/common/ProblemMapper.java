package id.campaignledger.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpClosedException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become RFC 9457 problem details. Log lines name exception
 * classes and SQL states only: server messages can quote the values of a row (a NIB, metadata).
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @Inject
    CurrentVertxRequest request;

    @ServerExceptionMapper
    public Response ledger(LedgerException e, UriInfo uri) {
        String retryAfter = e instanceof RateLimitedException limited ? Long.toString(limited.retryAfterSeconds())
                : RETRY_AFTER_SECONDS;
        return respond(e.problem(), uri, retryAfter);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        return respond(Problems.fromViolations(e.getConstraintViolations()), uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(Problems.fromJson(e), uri);
    }

    /** Registered for the subtype too: the framework's own mapper for it would otherwise win. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return respond(Problems.fromJson(e), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return respond(Problems.fromJson(json), uri);
        }
        if (e.getCause() instanceof LedgerException ledger) {
            return respond(ledger.problem(), uri);
        }
        int status = e.getResponse().getStatus();
        ProblemType type = switch (status) {
            case 400 -> ProblemType.MALFORMED_REQUEST;
            case 401 -> ProblemType.UNAUTHENTICATED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
        };
        if (type == null) {
            return unexpected(e, uri);
        }
        String detail = switch (type) {
            case NOT_FOUND -> "There is nothing at " + uri.getPath() + ".";
            case METHOD_NOT_ALLOWED -> "This resource does not support that method.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json (text/csv for imports).";
            case NOT_ACCEPTABLE -> "This resource answers application/json.";
            default -> type.title() + ".";
        };
        return respond(type.problem(detail), uri);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (isDatabaseUnavailable(e)) {
            LOG.warnf("database unavailable: %s", describe(e));
            return respond(ProblemType.SERVICE_UNAVAILABLE.problem(
                    "The ledger database is not reachable; retry shortly."), uri);
        }
        if (isPoolExhausted(e)) {
            // Every pooled connection is busy: the service is saturated, not broken.
            LOG.warnf("no database connection free in time: %s", describe(e));
            return respond(ProblemType.SERVICE_UNAVAILABLE.problem(
                    "The service is busy; retry shortly."), uri);
        }
        if (isLockTimeout(e)) {
            // Another request holds the row (a reversal of the same sale): ours gave up waiting.
            LOG.warnf("lock timeout: %s", describe(e));
            return respond(ProblemType.SERVICE_UNAVAILABLE.problem(
                    "Another change to the same entry is in progress; retry shortly."), uri);
        }
        if (isStatementTimeout(e)) {
            // Not the client's fault, and the same request may well pass when the database is less busy.
            LOG.warnf("statement timeout: %s", describe(e));
            return respond(ProblemType.SERVICE_UNAVAILABLE.problem(
                    "The ledger database did not answer in time; retry shortly."), uri);
        }
        Problem refused = refusedByDatabase(e);
        if (refused != null) {
            // A rule the services should have caught first; the database held the line.
            LOG.warnf("database refused a request: %s", describe(e));
            return respond(refused, uri);
        }
        if (clientWentAway(e)) {
            // The client closed the connection before its body arrived: nobody hears the answer.
            LOG.debugf("client closed the connection mid-request: %s", describe(e));
            return respond(ProblemType.MALFORMED_REQUEST.problem("The request body ended before it was complete."),
                    uri);
        }
        LOG.error("unexpected failure", e);
        return respond(ProblemType.INTERNAL.problem("An unexpected error occurred."), uri);
    }

    static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Constraint and data errors the database raised for a value the client sent. */
    static Problem refusedByDatabase(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("23505")) {
                    return ProblemType.CONFLICT.problem("This conflicts with something that already exists.");
                }
                if (state.equals("23503") || state.equals("23514") || state.equals("23001")) {
                    return ProblemType.RULE_VIOLATION.problem("The ledger refused this change.");
                }
                if (state.startsWith("22")) {
                    return ProblemType.MALFORMED_REQUEST.problem(
                            "A value in the request cannot be stored (for example a NUL character).");
                }
            }
        }
        return null;
    }

    /**
     * No connection (08), the server shutting down or starting up (57P01-57P03), or no connection
     * slot free (53300): all pass by themselves, so the answer is 503 with Retry-After.
     */
    public static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * The pool (Agroal) found no free connection within its acquisition timeout. Agroal raises a
     * plain SQLException without an SQL state for it, so it is recognised by the pool's own
     * message ("Sorry, acquisition timeout!", "Acquisition timeout while waiting for new
     * connection") or by its TimeoutException cause.
     */
    public static boolean isPoolExhausted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() == null && (sql.getCause() instanceof
                    java.util.concurrent.TimeoutException || (sql.getMessage() != null
                            && sql.getMessage().toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout")))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** 55P03: the statement waited longer than {@code lock_timeout} for a row another transaction holds. */
    public static boolean isLockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** 57014: the statement ran into {@code statement_timeout} (or was cancelled). */
    public static boolean isStatementTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** For log lines elsewhere: the exception chain by class and SQL state, without messages. */
    public static String describeFailure(Throwable e) {
        return describe(e);
    }

    /** The exception chain by class and SQL state, without messages. */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!out.isEmpty()) {
                out.append(" <- ");
            }
            out.append(t.getClass().getName());
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                out.append('[').append(sql.getSQLState()).append(']');
            }
        }
        return out.toString();
    }

    Response respond(Problem problem, UriInfo uri) {
        return respond(problem, uri, RETRY_AFTER_SECONDS);
    }

    private Response respond(Problem problem, UriInfo uri, String retryAfter) {
        String requestId = RequestIds.of(request == null ? null : request.getCurrent());
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.answering(uri == null ? problem.instance() : uri.getPath(), requestId));
        if (problem.status() == 401) {
            response.header("WWW-Authenticate", "Bearer realm=\"campaign-ledger\"");
        }
        if (problem.status() == 503 || problem.status() == 429) {
            response.header("Retry-After", retryAfter);
        }
        return response.build();
    }
}
