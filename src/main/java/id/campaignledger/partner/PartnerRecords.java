package id.campaignledger.partner;

import id.campaignledger.common.CleanText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Request and response bodies of the partner API. */
public final class PartnerRecords {

    private PartnerRecords() {
    }

    public record PartnerInput(
            @NotNull @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,39}$", message = "must be 2-40 lower-case letters, digits or '-'") String code,
            @NotBlank @CleanText @Size(max = 200) String name,
            @NotNull PartnerKind kind,
            @NotEmpty Set<@NotNull Role> roles) {
    }

    public record PartnerView(String code, String name, PartnerKind kind, Set<Role> roles, Instant createdAt,
            List<ApiKeyView> keys) {
    }

    public record PartnerWithKey(String code, String name, PartnerKind kind, Set<Role> roles, Instant createdAt,
            UUID keyId, String apiKey) {
    }

    public record ApiKeyView(UUID id, String prefix, Instant createdAt, Instant revokedAt) {
    }

    public record NewApiKey(UUID keyId, String apiKey, String prefix, Instant createdAt) {
    }
}
