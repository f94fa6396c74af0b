package id.campaignledger.common.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where {@link ReadSnapshot} takes a read answer's connection from. The replica package decides
 * (replica or primary, by the replica's lag); declaring the need here keeps {@code common} free of
 * any feature package, so the packages import each other one way only.
 */
public interface ReadConnections {

    /** A connection for one read answer; the caller closes it. */
    Connection getConnection() throws SQLException;
}
