package id.campaignledger.webhook;

import id.campaignledger.common.CleanText;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the webhook API. */
public final class WebhookRecords {

    private WebhookRecords() {
    }

    /** A new subscription; {@code partner} lets an administrator subscribe on a partner's behalf. */
    public record SubscriptionInput(
            @NotNull @Size(max = 2000) String url,
            @NotNull @Size(min = 1, max = 5) List<@NotNull String> eventTypes,
            @CleanText(multiline = true) @Size(max = 500) String description,
            Boolean enabled,
            @Size(max = 40) String partner) {
    }

    /** A change; a member left out (or null) stays as it is. */
    public record SubscriptionPatch(
            @Size(max = 2000) String url,
            @Size(min = 1, max = 5) List<@NotNull String> eventTypes,
            @CleanText(multiline = true) @Size(max = 500) String description,
            Boolean enabled) {
    }

    public record SubscriptionView(UUID id, String partner, String url, List<String> eventTypes, String description,
            boolean enabled, String disabledReason, Instant previousSecretValidUntil, Instant createdAt,
            Instant updatedAt) {
    }

    /** The answer to a creation: the subscription with its secret, shown this once. */
    public record SubscriptionWithSecret(UUID id, String partner, String url, List<String> eventTypes,
            String description, boolean enabled, String disabledReason, Instant previousSecretValidUntil,
            Instant createdAt, Instant updatedAt, String secret) {
    }

    public record RotationInput(@Min(0) @Max(604800) Long graceSeconds) {
    }

    /** The new secret, shown this once; the old one keeps signing until {@code previousSecretValidUntil}. */
    public record RotatedSecret(String secret, Instant previousSecretValidUntil) {
    }

    public record AttemptView(int number, Instant attemptedAt, Integer statusCode, String error, int durationMs) {
    }

    public record DeliveryView(UUID id, String eventType, String status, int attempts, Instant createdAt,
            Instant nextAttemptAt, Instant deliveredAt, Integer lastStatusCode, String lastError, JsonNode payload,
            List<AttemptView> attemptLog) {
    }

    public record DeliveryPage(List<DeliveryView> items, String nextCursor) {
    }
}
