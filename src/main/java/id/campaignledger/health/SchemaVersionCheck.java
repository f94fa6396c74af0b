package id.campaignledger.health;

import id.campaignledger.operations.AppliedSchema;
import id.campaignledger.operations.KnownSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.api.MigrationVersion;
import org.jboss.logging.Logger;

/** Ready only when the database answers and its schema is at the version this build expects. */
@Readiness
@ApplicationScoped
public class SchemaVersionCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(SchemaVersionCheck.class);

    @Inject
    AppliedSchema applied;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Ledger schema version");
        String expected = KnownSchema.version().getVersion();
        try {
            String actual = applied.version().map(MigrationVersion::getVersion).orElse("none");
            return response.status(expected.equals(actual))
                    .withData("expected", expected)
                    .withData("current", actual)
                    .build();
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("schema check failed: %s", e);
            return response.down().withData("error", "the database cannot be read").build();
        }
    }
}
