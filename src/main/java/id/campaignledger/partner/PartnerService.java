package id.campaignledger.partner;

import id.campaignledger.common.LedgerClock;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.db.DatabaseFailure;
import id.campaignledger.partner.PartnerRecords.ApiKeyView;
import id.campaignledger.partner.PartnerRecords.NewApiKey;
import id.campaignledger.partner.PartnerRecords.PartnerInput;
import id.campaignledger.partner.PartnerRecords.PartnerView;
import id.campaignledger.partner.PartnerRecords.PartnerWithKey;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PartnerService {

    @Inject
    KeyCache keyCache;

    @Inject
    AgroalDataSource dataSource;

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
        try (Connection c = dataSource.getConnection()) {
            if (Partner.byCode(c, input.code()).isPresent()) {
                throw LedgerException.conflict("A partner with code '" + input.code() + "' already exists.");
            }
            Partner partner = Partner.insert(c, input.code(), input.name().strip(), input.kind(),
                    EnumSet.copyOf(input.roles()), now());
            IssuedKey issued = issue(c, partner);
            return new PartnerWithKey(partner.code(), partner.name(), input.kind(), partner.roles(),
                    partner.createdAt(), issued.key.id(), issued.secret);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public NewApiKey issueKey(String partnerCode) {
        try (Connection c = dataSource.getConnection()) {
            IssuedKey issued = issue(c, existing(c, partnerCode));
            return new NewApiKey(issued.key.id(), issued.secret, issued.key.prefix(), issued.key.createdAt());
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Revoking an already revoked key changes nothing: the outcome the caller wanted holds. */
    @Transactional
    public void revokeKey(String partnerCode, UUID keyId) {
        try (Connection c = dataSource.getConnection()) {
            Partner partner = existing(c, partnerCode);
            ApiKey.byId(c, keyId)
                    .filter(k -> k.partnerId().equals(partner.id()))
                    .orElseThrow(() -> LedgerException.notFound(
                            "Partner '" + partnerCode + "' has no key " + keyId + "."));
            if (ApiKey.revoke(c, keyId, now())) {
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
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public PartnerView get(String partnerCode) {
        try (Connection c = dataSource.getConnection()) {
            return view(c, existing(c, partnerCode));
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public List<PartnerView> list() {
        try (Connection c = dataSource.getConnection()) {
            List<PartnerView> views = new ArrayList<>();
            for (Partner partner : Partner.all(c)) {
                views.add(view(c, partner));
            }
            return views;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * The caller an in-process job acts as when it posts for an existing partner (the demo
     * dataset), so that it goes through the same ledger rules as the partner's own requests.
     */
    @Transactional
    public Caller actingAs(String partnerCode) {
        try (Connection c = dataSource.getConnection()) {
            Partner partner = existing(c, partnerCode);
            return new Caller(partner.id(), partner.code(), partner.roles());
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Whether {@link #authenticate} would answer for this digest without asking the database. */
    public boolean answersFromMemory(byte[] keyDigest) {
        return keyCache.answersFromMemory(keyDigest);
    }

    /**
     * The caller holding this key, if the key is known and not revoked (see {@link KeyCache}).
     * Only a cache miss asks the database, with one statement and no transaction of its own: a
     * partner's every request would otherwise begin and commit one just to be recognised.
     */
    public Optional<Caller> authenticate(byte[] keyDigest) {
        return keyCache.get(keyDigest, () -> lookedUp(keyDigest)
                .map(k -> new Caller(k.partner().id(), k.partner().code(), k.partner().roles(), k.keyId())));
    }

    private Optional<ApiKey.Holder> lookedUp(byte[] keyDigest) {
        keyLookups.increment();
        try (Connection c = dataSource.getConnection()) {
            return ApiKey.activeByDigest(c, keyDigest);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private static PartnerView view(Connection c, Partner partner) throws SQLException {
        List<ApiKeyView> keys = ApiKey.ofPartner(c, partner).stream()
                .map(k -> new ApiKeyView(k.id(), k.prefix(), k.createdAt(), k.revokedAt()))
                .toList();
        return new PartnerView(partner.code(), partner.name(), PartnerKind.valueOf(partner.kind()), partner.roles(),
                partner.createdAt(), keys);
    }

    private static Partner existing(Connection c, String code) throws SQLException {
        return Partner.byCode(c, code)
                .orElseThrow(() -> LedgerException.notFound("There is no partner with code '" + code + "'."));
    }

    private IssuedKey issue(Connection c, Partner partner) throws SQLException {
        String secret = ApiKeys.generate();
        ApiKey key = ApiKey.insert(c, partner, ApiKeys.digest(secret), ApiKeys.shownPrefix(secret), now());
        return new IssuedKey(key, secret);
    }

    /** PostgreSQL keeps microseconds; answering with what will be read back keeps responses stable. */
    private Instant now() {
        return clock.now();
    }

    private record IssuedKey(ApiKey key, String secret) {
    }
}
