package id.campaignledger.operations;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Lets a migration build an index with {@code CREATE INDEX CONCURRENTLY}, so that writers go on
 * while it builds. Flyway serialises migrating instances with an advisory lock that on PostgreSQL
 * it takes, by default, inside a transaction held open for the whole migration; a concurrent index
 * build waits for every transaction older than itself, that one included, and never finishes. A
 * session lock serialises instances just as well and holds no transaction open.
 */
@ApplicationScoped
public class OnlineMigrations implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
    }
}
