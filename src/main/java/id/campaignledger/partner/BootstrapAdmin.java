package id.campaignledger.partner;

import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import id.campaignledger.common.LedgerConfig;

/**
 * The administrator key from configuration ({@code ledger.admin-api-key}), held only as a
 * digest. Checked at start so that a weak key stops the service instead of serving with it.
 */
@Startup
@Singleton
public class BootstrapAdmin {

    static final int MINIMUM_LENGTH = 24;

    private final byte[] digest;

    @Inject
    public BootstrapAdmin(LedgerConfig config) {
        this(config.adminApiKey());
    }

    BootstrapAdmin(Optional<String> key) {
        Optional<String> configured = key.map(String::strip).filter(k -> !k.isEmpty());
        if (configured.isPresent() && configured.get().length() < MINIMUM_LENGTH) {
            throw new IllegalStateException("ledger.admin-api-key (LEDGER_ADMIN_API_KEY) must be at least "
                    + MINIMUM_LENGTH + " characters long");
        }
        this.digest = configured.map(ApiKeys::digest).orElse(null);
    }

    boolean matches(byte[] presented) {
        return digest != null && ApiKeys.sameKey(digest, presented);
    }
}
