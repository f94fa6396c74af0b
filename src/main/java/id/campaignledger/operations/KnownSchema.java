package id.campaignledger.operations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collection;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The newest schema version this build knows: the highest versioned migration it carries, read
 * from the migrations Flyway itself resolves (never written down by hand, so adding a migration
 * is all it takes). Needs no database connection, so it can be asked while one is being opened.
 */
@ApplicationScoped
public class KnownSchema {

    // Lazily: the Flyway bean needs the datasource, whose connections ask this.
    @Inject
    Instance<Flyway> flyway;

    private volatile MigrationVersion known;

    public MigrationVersion version() {
        MigrationVersion v = known;
        if (v == null) {
            v = highest(flyway.get().getConfiguration());
            known = v;
        }
        return v;
    }

    static MigrationVersion highest(Configuration configuration) {
        String prefix = configuration.getSqlMigrationPrefix();
        String separator = configuration.getSqlMigrationSeparator();
        Collection<LoadableResource> resources = configuration.getResourceProvider() == null ? java.util.List.of()
                : configuration.getResourceProvider().getResources(prefix, configuration.getSqlMigrationSuffixes());
        MigrationVersion highest = null;
        for (LoadableResource r : resources) {
            MigrationVersion v = versionOf(r.getFilename(), prefix, separator);
            if (v != null && (highest == null || v.isNewerThan(highest))) {
                highest = v;
            }
        }
        if (highest == null) {
            throw new IllegalStateException("no versioned migration found on the class path");
        }
        return highest;
    }

    /** "V40__writer_fence.sql" is 40, "V4_1__x.sql" is 4.1; anything else is not a versioned migration. */
    static MigrationVersion versionOf(String filename, String prefix, String separator) {
        if (filename == null || !filename.startsWith(prefix)) {
            return null;
        }
        int end = filename.indexOf(separator, prefix.length());
        if (end <= prefix.length()) {
            return null;
        }
        String version = filename.substring(prefix.length(), end);
        if (!version.matches("[0-9]+([._][0-9]+)*")) {
            return null;
        }
        return MigrationVersion.fromVersion(version.replace('_', '.'));
    }
}
