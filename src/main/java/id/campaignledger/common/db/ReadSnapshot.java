package id.campaignledger.common.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs the statements of one read answer on one connection, in one read-only REPEATABLE READ
 * transaction: the totals, targets and percentages of a response all see the same committed
 * state, however many statements it takes. Inside a transaction that is already running (a
 * JTA one), the reads simply join it on the primary. Outside one, the connection comes from
 * {@link ReadConnections} (the replica package's route): the read replica while it is fresh
 * enough, the primary otherwise.
 */
@ApplicationScoped
public class ReadSnapshot {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReadConnections route;

    @Inject
    TransactionManager transactions;

    /** A read that may run several statements on the connection it is given. */
    @FunctionalInterface
    public interface Read<T> {
        T on(Connection connection) throws SQLException;
    }

    public <T> T read(Read<T> read) {
        try (Connection c = inTransaction() ? dataSource.getConnection() : route.getConnection()) {
            if (!c.getAutoCommit()) {
                return read.on(c); // enlisted in a running transaction: its snapshot is the one
            }
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("set transaction isolation level repeatable read, read only");
                }
                T result = read.on(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** A running transaction reads what it is about to decide on: the primary, enlisted in it. */
    private boolean inTransaction() {
        try {
            return transactions.getStatus() != Status.STATUS_NO_TRANSACTION;
        } catch (SystemException e) {
            return true;
        }
    }

    private static void rollbackQuietly(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
