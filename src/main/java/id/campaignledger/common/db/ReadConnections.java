package id.campaignledger.common.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where {@link ReadSnapshot} takes a read answer's connection from. The replica package decides
 * (replica or primary, by the replica's lag); declaring the need here keeps {@code common} free of
 * any feature package, so the packages import each other one way only.
 */
public interface ReadConnections {

    /** A connection for one read answer, and what to tell a request that the answer serves. */
    record Routed(Connection connection, Runnable tellRequest) {
    }

    /**
     * A connection for one read answer; the caller closes it. The choice is not yet told to the
     * request: {@link Routed#tellRequest()} does that on the thread of each request the answer
     * serves (one, or all the callers of a coalesced round).
     */
    Routed route() throws SQLException;

    /** A connection for one read answer, its choice told to the current request; the caller closes it. */
    default Connection getConnection() throws SQLException {
        Routed routed = route();
        routed.tellRequest().run();
        return routed.connection();
    }
}
