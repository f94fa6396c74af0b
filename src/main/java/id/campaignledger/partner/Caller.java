package id.campaignledger.partner;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, resolved from the API key. {@code partnerId} is null for the bootstrap
 * administrator configured with {@code ledger.admin-api-key}, which is not a partner row.
 * {@code keyId} is the id of the API key used (null for the bootstrap administrator and for
 * in-process work such as the demo loader): every entry records it as {@code recordedBy}.
 */
public record Caller(Integer partnerId, String code, Set<Role> roles, UUID keyId) {

    public static final String BOOTSTRAP_ADMIN = "bootstrap-admin";

    /** A caller not acting through an API key of its own (in-process work). */
    public Caller(Integer partnerId, String code, Set<Role> roles) {
        this(partnerId, code, roles, null);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }
}
