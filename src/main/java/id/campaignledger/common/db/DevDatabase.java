package id.campaignledger.common.db;

import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a database for dev mode when none is configured. The implementation (the embedded
 * PostgreSQL launcher) is found through {@link java.util.ServiceLoader}; it exists on the dev and
 * test classpath only and is left out of the production artifact, with its binaries.
 */
public interface DevDatabase {

    /** Starts (or finds running) a server on the data directory; returns the datasource settings. */
    Map<String, String> start(Path dataDir, int port);
}
