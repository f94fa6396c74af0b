package id.campaignledger.common.db;

import java.sql.SQLException;

/**
 * A statement failed. The one database exception of the service: the problem mapper answers 503
 * with Retry-After when the database is unreachable, overloaded or too slow, a 4xx when it refused
 * a value, and 500 otherwise (a bug).
 */
public final class DatabaseFailure extends RuntimeException {

    public DatabaseFailure(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
