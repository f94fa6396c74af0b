package id.campaignledger.partner;

import java.util.Set;

/**
 * Who is calling, resolved from the API key. {@code partnerId} is null for the bootstrap
 * administrator configured with {@code ledger.admin-api-key}, which is not a partner row.
 */
public record Caller(Integer partnerId, String code, Set<Role> roles) {

    public static final String BOOTSTRAP_ADMIN = "bootstrap-admin";

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }
}
