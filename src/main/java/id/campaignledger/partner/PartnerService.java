package id.campaignledger.partner;

import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.LedgerException;
import id.campaignledger.partner.PartnerRecords.ApiKeyView;
import id.campaignledger.partner.PartnerRecords.NewApiKey;
import id.campaignledger.partner.PartnerRecords.PartnerInput;
import id.campaignledger.partner.PartnerRecords.PartnerView;
import id.campaignledger.partner.PartnerRecords.PartnerWithKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PartnerService {

    @Inject
    KeyCache keyCache;

    private Counter keyLookups;

    /**
     * API keys looked up in the database (a key not in memory, known or not): what an unknown-key
     * flood would cost the database, were it not charged to the client address first.
     */
    @Inject
    void keyLookups(MeterRegistry registry) {
        keyLookups = Counter.builder("ledger.auth.key.lookups")
                .description("API keys looked up in the database (not answered from memory)").register(registry);
    }

    @Inject
    LedgerClock clock;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Transactional
    public PartnerWithKey create(PartnerInput input) {
        if (Partner.byCode(input.code()).isPresent()) {
            throw LedgerException.conflict("A partner with code '" + input.code() + "' already exists.");
        }
        Partner partner = new Partner();
        partner.code = input.code();
        partner.name = input.name().strip();
        partner.kind = input.kind().name();
        partner.roles = input.roles().stream().sorted().map(Role::name).toArray(String[]::new);
        partner.createdAt = now();
        partner.persist();
        IssuedKey issued = issue(partner);
        return new PartnerWithKey(partner.code, partner.name, input.kind(), partner.roleSet(), partner.createdAt,
                issued.key.id, issued.secret);
    }

    @Transactional
    public NewApiKey issueKey(String partnerCode) {
        IssuedKey issued = issue(existing(partnerCode));
        return new NewApiKey(issued.key.id, issued.secret, issued.key.prefix, issued.key.createdAt);
    }

    /** Revoking an already revoked key changes nothing: the outcome the caller wanted holds. */
    @Transactional
    public void revokeKey(String partnerCode, UUID keyId) {
        Partner partner = existing(partnerCode);
        ApiKey key = ApiKey.<ApiKey>findByIdOptional(keyId)
                .filter(k -> k.partner.id.equals(partner.id))
                .orElseThrow(() -> LedgerException.notFound("Partner '" + partnerCode + "' has no key " + keyId + "."));
        if (key.revokedAt == null) {
            key.revokedAt = now();
            // Cleared after the commit: cleared before it, a concurrent request could cache the key again.
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        keyCache.clear();
                    }
                }
            });
        }
    }

    @Transactional
    public PartnerView get(String partnerCode) {
        return view(existing(partnerCode));
    }

    @Transactional
    public List<PartnerView> list() {
        return Partner.<Partner>list("order by code").stream().map(this::view).toList();
    }

    /**
     * The caller an in-process job acts as when it posts for an existing partner (the demo
     * dataset), so that it goes through the same ledger rules as the partner's own requests.
     */
    @Transactional
    public Caller actingAs(String partnerCode) {
        Partner partner = existing(partnerCode);
        return new Caller(partner.id, partner.code, partner.roleSet());
    }

    /** Whether {@link #authenticate} would answer for this digest without asking the database. */
    public boolean answersFromMemory(byte[] keyDigest) {
        return keyCache.answersFromMemory(keyDigest);
    }

    /**
     * The caller holding this key, if the key is known and not revoked (see {@link KeyCache}).
     * Only a cache miss opens a transaction: a partner's every request would otherwise begin and
     * commit one just to be recognised.
     */
    public Optional<Caller> authenticate(byte[] keyDigest) {
        return keyCache.get(keyDigest, () -> QuarkusTransaction.joiningExisting().call(() -> lookedUp(keyDigest)
                .map(k -> new Caller(k.partner.id, k.partner.code, k.partner.roleSet(), k.id))));
    }

    private Optional<ApiKey> lookedUp(byte[] keyDigest) {
        keyLookups.increment();
        return ApiKey.activeByDigest(keyDigest);
    }

    private PartnerView view(Partner partner) {
        List<ApiKeyView> keys = ApiKey.ofPartner(partner).stream()
                .map(k -> new ApiKeyView(k.id, k.prefix, k.createdAt, k.revokedAt))
                .toList();
        return new PartnerView(partner.code, partner.name, PartnerKind.valueOf(partner.kind), partner.roleSet(),
                partner.createdAt, keys);
    }

    private static Partner existing(String code) {
        return Partner.byCode(code)
                .orElseThrow(() -> LedgerException.notFound("There is no partner with code '" + code + "'."));
    }

    private IssuedKey issue(Partner partner) {
        String secret = ApiKeys.generate();
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.partner = partner;
        key.keyHash = ApiKeys.digest(secret);
        key.prefix = ApiKeys.shownPrefix(secret);
        key.createdAt = now();
        key.persist();
        return new IssuedKey(key, secret);
    }

    /** PostgreSQL keeps microseconds; answering with what will be read back keeps responses stable. */
    private Instant now() {
        return clock.now();
    }

    private record IssuedKey(ApiKey key, String secret) {
    }
}
