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
    void logLinesNameClassesAndStatesButNoValues() {
        String line = ProblemMapper.describe(wrapped("23505"));
        assertEquals("java.lang.IllegalStateException <- java.sql.SQLException[23505]", line);
    }
}
