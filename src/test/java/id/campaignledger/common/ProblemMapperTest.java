package id.campaignledger.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which database failures are the client's, which are passing, and what the logs may say of them. */
class ProblemMapperTest {

    private static RuntimeException wrapped(String sqlState) {
        return new IllegalStateException("wrapped", new SQLException("server said: Key (nib)=(1234567890123)",
                sqlState));
    }

    @Test
    void lostConnectionsShutdownsAndFullServersAreUnavailable() {
        for (String state : new String[] { "08001", "08006", "57P01", "57P02", "57P03", "53300" }) {
            assertTrue(ProblemMapper.isDatabaseUnavailable(wrapped(state)), state);
        }
        assertFalse(ProblemMapper.isDatabaseUnavailable(wrapped("23505")));
        assertFalse(ProblemMapper.isDatabaseUnavailable(wrapped("57014")));
    }

    @Test
    void aStatementTimeoutIsRecognisedAndIsNotTheClientsFault() {
        assertTrue(ProblemMapper.isStatementTimeout(wrapped("57014")));
        assertFalse(ProblemMapper.isStatementTimeout(wrapped("08006")));
        assertNull(ProblemMapper.refusedByDatabase(wrapped("57014")));
    }

    @Test
    void aClientClosingTheConnectionMidBodyIsNotAnUnexpectedFailure() {
        Exception closed = new IllegalStateException(new java.io.IOException(
                new java.io.IOException(new io.vertx.core.http.HttpClosedException("Connection was closed"))));
        assertTrue(ProblemMapper.clientWentAway(closed));
        assertFalse(ProblemMapper.clientWentAway(wrapped("08006")));
    }

    @Test
    void anExhaustedPoolIsRecognisedThoughAgroalGivesNoSqlState() {
        // What Agroal 3 throws when no connection frees up within the acquisition timeout.
        Exception sorry = new IllegalStateException(new java.sql.SQLException("Sorry, acquisition timeout!"));
        Exception waiting = new IllegalStateException(new java.sql.SQLException(
                "Acquisition timeout while waiting for new connection", new java.util.concurrent.TimeoutException()));
        assertTrue(ProblemMapper.isPoolExhausted(sorry));
        assertTrue(ProblemMapper.isPoolExhausted(waiting));
        assertFalse(ProblemMapper.isPoolExhausted(wrapped("23505")));
        assertFalse(ProblemMapper.isPoolExhausted(new java.sql.SQLException("some other failure")));
        jakarta.ws.rs.core.Response answer = new ProblemMapper().unexpected(sorry, null);
        assertEquals(503, answer.getStatus());
        assertEquals("5", answer.getHeaderString("Retry-After"));
    }

    @Test
    void aRequestThatWaitedTooLongForARowLockIsToldToRetry() {
        assertTrue(ProblemMapper.isLockTimeout(wrapped("55P03")));
        jakarta.ws.rs.core.Response answer = new ProblemMapper().unexpected(wrapped("55P03"), null);
        assertEquals(503, answer.getStatus());
        assertEquals("5", answer.getHeaderString("Retry-After"));
    }

    @Test
    void logLinesNameClassesAndStatesButNoValues() {
        String line = ProblemMapper.describe(wrapped("23505"));
        assertEquals("java.lang.IllegalStateException <- java.sql.SQLException[23505]", line);
    }
}
