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

    /**
     * Rounds of {@link #shared} reads. Its waiters are request threads, already bounded by the
     * worker pool; the bounds only cap the map, and a caller beyond them reads alone.
     */
    private final ReadCoalescer<Record, Shared<?>> rounds = new ReadCoalescer<>(1024, 512);

    /** A read that may run several statements on the connection it is given. */
    @FunctionalInterface
    public interface Read<T> {
        T on(Connection connection) throws SQLException;
    }

    public <T> T read(Read<T> read) {
        if (inTransaction()) {
            try (Connection c = dataSource.getConnection()) {
                return c.getAutoCommit() ? inSnapshot(c, read) : read.on(c); // enlisted: its snapshot is the one
            } catch (SQLException e) {
                throw new DatabaseFailure(e);
            }
        }
        return round(read).answer();
    }

    /**
     * Like {@link #read}, but concurrent callers asking the same {@code key} share a round
     * ({@link ReadCoalescer}): each still gets an answer read after its call began, so it shows
     * every write committed before. The key is a record naming the read and everything its answer
     * depends on; the answer must be immutable. Inside a running transaction nothing is shared:
     * the read joins that transaction, as {@link #read} does.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(Record key, Read<T> read) {
        if (inTransaction()) {
            return read(read);
        }
        return ((Shared<T>) rounds.read(key, () -> round(read))).answer();
    }

    /**
     * An answer (or the failure of the read) and what to tell each request it serves about the
     * server that answered; a failure (a 404, say) names it too, as a replica may not yet know a
     * campaign.
     */
    private record Shared<T>(T value, RuntimeException failure, Runnable tellRequest) {

        T answer() {
            tellRequest.run(); // on the thread of the request it serves
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    private <T> Shared<T> round(Read<T> read) {
        ReadConnections.Routed routed;
        try {
            routed = route.route();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
        try (Connection c = routed.connection()) {
            return new Shared<>(inSnapshot(c, read), null, routed.tellRequest());
        } catch (SQLException e) {
            return new Shared<>(null, new DatabaseFailure(e), routed.tellRequest());
        } catch (RuntimeException e) {
            return new Shared<>(null, e, routed.tellRequest());
        }
    }

    private static <T> T inSnapshot(Connection c, Read<T> read) throws SQLException {
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
