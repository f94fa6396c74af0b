package id.campaignledger.attest;

import id.campaignledger.common.LedgerConfig;
import id.campaignledger.verify.Keys;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.jboss.logging.Logger;

/**
 * The checkpoint signing key: from ledger.attestation.private-key / public-key (a Kubernetes
 * secret in k8s/), or, when none is configured, a key generated at start. A generated key dies
 * with the process, so checkpoints it signed cannot be checked after a restart: fine for dev and
 * tests, and said loudly in the log.
 */
@ApplicationScoped
@Startup
public class SigningKey {

    private static final Logger LOG = Logger.getLogger(SigningKey.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;
    private final String pem;

    @Inject
    public SigningKey(LedgerConfig ledger) {
        LedgerConfig.Attestation config = ledger.attestation();
        if (config.privateKey().isPresent() != config.publicKey().isPresent()) {
            throw new IllegalStateException(
                    "ledger.attestation.private-key and ledger.attestation.public-key go together");
        }
        if (config.privateKey().isPresent()) {
            privateKey = Keys.privateKey(config.privateKey().get());
            publicKey = Keys.publicKey(config.publicKey().get());
            byte[] probe = "campaign-ledger key check".getBytes(StandardCharsets.UTF_8);
            if (!Keys.verify(publicKey, probe, Keys.sign(privateKey, probe))) {
                throw new IllegalStateException("ledger.attestation.public-key does not match the private key");
            }
            keyId = Keys.keyId(publicKey);
            LOG.infof("Checkpoints are signed with the configured Ed25519 key %s", keyId);
        } else {
            KeyPair generated = Keys.generate();
            privateKey = generated.getPrivate();
            publicKey = generated.getPublic();
            keyId = Keys.keyId(publicKey);
            LOG.warnf("No ledger.attestation.private-key configured: checkpoints are signed with key %s, generated "
                    + "at start and lost at shutdown. Configure a key pair for production (docs/verification.md).",
                    keyId);
        }
        pem = Keys.pem(publicKey);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public String keyId() {
        return keyId;
    }

    public String publicKeyPem() {
        return pem;
    }
}
