package id.campaignledger.operations;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The schema version the database is at: the newest successful versioned migration in Flyway's
 * history table, read through the connection pool with one short query. The readiness checks ask
 * it instead of Flyway, whose own reads wait out its connection retries (set for the start, when
 * a busy node can take longer than a request may wait to open a connection): a probe must answer
 * DOWN at once while the database is away, not hang for as long as those retries last. The same
 * query as the writer fence's (migration V52): with out-of-order migrations off, the newest
 * applied is the highest version.
 */
@ApplicationScoped
public class AppliedSchema {

    /** A probe answers within its own timeout; a database that does not answer in time is down. */
    private static final int QUERY_TIMEOUT_SECONDS = 2;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Flyway flyway;

    private volatile String query;

    /**
     * The version applied, empty when no versioned migration ever succeeded.
     *
     * @throws SQLException when the database cannot be asked
     */
    public Optional<MigrationVersion> version() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet r = s.executeQuery(query())) {
                return r.next() ? Optional.of(MigrationVersion.fromVersion(r.getString(1))) : Optional.empty();
            }
        }
    }

    /** Flyway's configuration names the history table; reading it opens no connection. */
    private String query() {
        String q = query;
        if (q == null) {
            var configuration = flyway.getConfiguration();
            String schema = configuration.getDefaultSchema();
            String table = quoted(configuration.getTable());
            q = "select version from " + (schema == null ? table : quoted(schema) + "." + table)
                    + " where success and version is not null order by installed_rank desc limit 1";
            query = q;
        }
        return q;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
