package id.campaignledger.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.jboss.logging.Logger;

/** Ready only when the database answers and its schema is at the version this build expects. */
@Readiness
@ApplicationScoped
public class SchemaVersionCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(SchemaVersionCheck.class);

    @Inject
    Flyway flyway;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Ledger schema version");
        try {
            MigrationInfoService info = flyway.info();
            String expected = Arrays.stream(info.all())
                    .filter(m -> m.getVersion() != null)
                    .reduce((a, b) -> b)
                    .map(m -> m.getVersion().getVersion())
                    .orElse("none");
            MigrationInfo current = info.current();
            String actual = current == null ? "none" : current.getVersion().getVersion();
            return response.status(info.pending().length == 0 && expected.equals(actual))
                    .withData("expected", expected)
                    .withData("current", actual)
                    .build();
        } catch (RuntimeException e) {
            LOG.debugf("schema check failed: %s", e);
            return response.down().withData("error", "the database cannot be read").build();
        }
    }
}
