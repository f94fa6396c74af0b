package id.campaignledger.operations;

import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Declares on every new database connection the schema version this build knows, for the
 * database's writer fence (migration V40): a write from an instance older than the schema is
 * refused there, whatever code path it takes. Set once per connection, when it is opened and
 * before any transaction, so it costs no round trip per request and no rollback undoes it.
 */
@ApplicationScoped
public class WriterFence implements AgroalPoolInterceptor {

    private static final Logger LOG = Logger.getLogger(WriterFence.class);
    static final String SETTING = "ledger.schema_version";

    @Override
    public void onConnectionCreate(Connection connection) {
        try (PreparedStatement s = connection.prepareStatement("select set_config(?, ?, false)")) {
            s.setString(1, SETTING);
            s.setString(2, KnownSchema.version().getVersion());
            s.execute();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            // Without the declaration every write on this connection would be refused: better not
            // to have the connection at all. (The pool does not log why a connection failed.)
            LOG.errorf("could not declare the schema version on a new connection: %s", e);
            throw new IllegalStateException("could not declare the schema version on a new connection", e);
        }
    }
}
