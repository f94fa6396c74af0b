package id.campaignledger.operations;

import io.quarkus.flyway.runtime.QuarkusPathLocationScanner;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The newest schema version this build knows: the highest versioned migration it carries, read
 * from the migrations Flyway itself resolves (never written down by hand, so adding a migration
 * is all it takes). Needs no database connection and not the Flyway bean (which needs the
 * datasource), so it can be asked while a connection is being opened: it reads the list of
 * migration files Quarkus recorded at build time for Flyway, through Quarkus's own scanner.
 */
public final class KnownSchema {

    private KnownSchema() {
    }

    private static volatile MigrationVersion known;

    /** Static, not a bean: asked on the pool's own thread while a connection opens. */
    public static MigrationVersion version() {
        MigrationVersion v = known;
        if (v == null) {
            v = fromRecordedFiles();
            if (v == null) {
                Configuration configuration = Flyway.configure().locations(locations().toArray(String[]::new));
                List<Location> where = List.of(configuration.getLocations());
                v = highest(configuration, new QuarkusPathLocationScanner(configuration, where).scanForResources());
            }
            known = v;
        }
        return v;
    }

    /**
     * The newest version among the migration files Quarkus recorded for Flyway at build time, read
     * directly: this runs while the pool opens its first connection, so it must be quick even on
     * a busy machine (building a Flyway configuration is not). Null when the list is not there.
     */
    @SuppressWarnings("unchecked")
    static MigrationVersion fromRecordedFiles() {
        try {
            java.lang.reflect.Field field = QuarkusPathLocationScanner.class.getDeclaredField("applicationMigrationFiles");
            field.setAccessible(true);
            Collection<String> files = (Collection<String>) field.get(null);
            MigrationVersion highest = null;
            for (String path : files == null ? List.<String>of() : files) {
                MigrationVersion v = versionOf(path.substring(path.lastIndexOf('/') + 1), "V", "__");
                if (v != null && (highest == null || v.isNewerThan(highest))) {
                    highest = v;
                }
            }
            return highest;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Flyway's locations (a build-time setting, which a running test may not see: then the default). */
    private static List<String> locations() {
        try {
            return ConfigProvider.getConfig().getOptionalValues("quarkus.flyway.locations", String.class)
                    .orElse(List.of("db/migration"));
        } catch (RuntimeException e) {
            return List.of("db/migration");
        }
    }

    static MigrationVersion highest(Configuration configuration, Collection<LoadableResource> resources) {
        String prefix = configuration.getSqlMigrationPrefix();
        String separator = configuration.getSqlMigrationSeparator();
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
