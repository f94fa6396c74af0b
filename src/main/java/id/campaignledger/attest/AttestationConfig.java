package id.campaignledger.attest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the hash chain and its checkpoints (ledger.attestation.*). */
@ConfigMapping(prefix = "ledger.attestation")
public interface AttestationConfig {

    /** Seal entries and sign checkpoints at all. Entries are queued either way, so turning it on catches up. */
    @WithDefault("true")
    boolean enabled();

    /** Pause between sealing rounds; a round seals batches until the queue is empty. */
    @WithDefault("250ms")
    Duration sealInterval();

    /** Entries per sealing transaction. */
    @WithDefault("2000")
    int batchSize();

    /** How often a checkpoint is signed (when the chain has grown since the last one). */
    @WithDefault("5m")
    Duration checkpointInterval();

    /** Ed25519 private key, PKCS#8 PEM. Without it a key is generated at start (dev and tests). */
    Optional<String> privateKey();

    /** The matching public key, X.509 PEM. */
    Optional<String> publicKey();
}
