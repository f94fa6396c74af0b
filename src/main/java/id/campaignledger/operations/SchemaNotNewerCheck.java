package id.campaignledger.operations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.api.MigrationVersion;
import org.jboss.logging.Logger;

/**
 * DOWN when the database has a migration newer than this build knows: during a rolling upgrade
 * the instances of the previous release leave the Service as soon as the first new instance has
 * migrated (their writes are refused by the database's writer fence anyway).
 */
@Readiness
@ApplicationScoped
public class SchemaNotNewerCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(SchemaNotNewerCheck.class);

    @Inject
    AppliedSchema applied;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Schema not newer than this build");
        MigrationVersion mine = KnownSchema.version();
        response.withData("known", mine.getVersion());
        try {
            Optional<MigrationVersion> database = applied.version();
            if (database.isEmpty()) {
                return response.down().withData("database", "none").build();
            }
            return response.status(!database.get().isNewerThan(mine)).withData("database", database.get().getVersion())
                    .build();
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("schema check failed: %s", e);
            return response.down().withData("error", "the database cannot be read").build();
        }
    }
}
