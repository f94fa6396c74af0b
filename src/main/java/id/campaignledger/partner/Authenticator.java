package id.campaignledger.partner;

import id.campaignledger.common.LedgerException;
import id.campaignledger.common.ProblemType;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resolves the caller from {@code Authorization: Bearer <key>} once per request. No key or an
 * unknown or revoked key is 401; a known key without the needed role is 403.
 */
@RequestScoped
public class Authenticator {

    private static final String BEARER = "bearer ";

    @Inject
    CurrentVertxRequest request;

    @Inject
    PartnerService partners;

    @Inject
    BootstrapAdmin bootstrapAdmin;

    private Optional<Caller> resolved;

    /** The caller, who must hold at least one of the roles. */
    public Caller require(Role... anyOf) {
        Caller caller = caller().orElseThrow(() -> new LedgerException(ProblemType.UNAUTHENTICATED,
                presentedKey().isEmpty() ? "Send the API key as 'Authorization: Bearer <key>'."
                        : "The API key is not valid or has been revoked."));
        if (Arrays.stream(anyOf).noneMatch(caller::has)) {
            throw new LedgerException(ProblemType.FORBIDDEN, "This needs the role "
                    + Arrays.stream(anyOf).map(Role::name).collect(Collectors.joining(" or ")) + ".");
        }
        return caller;
    }

    /** Any valid key, whatever its roles. */
    public Caller requireAny() {
        return require(Role.values());
    }

    public Optional<Caller> caller() {
        if (resolved == null) {
            resolved = presentedKey().flatMap(this::lookUp);
        }
        return resolved;
    }

    private Optional<Caller> lookUp(String key) {
        byte[] digest = ApiKeys.digest(key);
        if (bootstrapAdmin.matches(digest)) {
            return Optional.of(new Caller(null, Caller.BOOTSTRAP_ADMIN, EnumSet.of(Role.ADMIN)));
        }
        return partners.authenticate(digest);
    }

    /** Whether resolving the caller costs no database work: no key, the bootstrap key, or one in memory. */
    public boolean resolvesWithoutDatabase() {
        if (resolved != null) {
            return true;
        }
        Optional<String> key = presentedKey();
        if (key.isEmpty()) {
            return true;
        }
        byte[] digest = ApiKeys.digest(key.get());
        return bootstrapAdmin.matches(digest) || partners.answersFromMemory(digest);
    }

    public boolean keyPresented() {
        return request.getCurrent().request().getHeader("Authorization") != null;
    }

    private Optional<String> presentedKey() {
        String header = request.getCurrent().request().getHeader("Authorization");
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String key = header.substring(BEARER.length()).strip();
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }
}
