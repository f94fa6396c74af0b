package id.campaignledger.ledger;

import id.campaignledger.common.CleanText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.campaignledger.common.DecimalInput;
import id.campaignledger.common.Problem;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Request and response bodies of the transaction API. */
public final class LedgerRecords {

    /**
     * A reference as a caller sends it. A leading '~' is reserved: an entry an administrator records
     * in a partner's ledger is stored under "~admin-code:ref" (see {@link AdminReferences}), so no
     * reference a partner chooses can meet one an administrator chose.
     */
    static final String EXTERNAL_REF = "^[!-}][!-~]{0,99}$";
    static final String EXTERNAL_REF_MESSAGE =
            "must be 1-100 printable ASCII characters without spaces, not starting with '~' (reserved)";

    private LedgerRecords() {
    }

    public record TransactionInput(
            @NotNull @Pattern(regexp = EXTERNAL_REF, message = EXTERNAL_REF_MESSAGE) String externalRef,
            @NotNull @Pattern(regexp = "^[A-Z][A-Z0-9_-]{1,31}$", message = "must be a campaign code") String campaign,
            UUID umkmId,
            @Pattern(regexp = "^[0-9]{13}$", message = "must be 13 digits") String nib,
            @NotNull @Positive @DecimalMax("1000000000000000") @Digits(integer = 16, fraction = 2)
            @JsonDeserialize(using = DecimalInput.class) BigDecimal amount,
            @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 code such as IDR") String currency,
            @Positive @Digits(integer = 12, fraction = 10)
            @JsonDeserialize(using = DecimalInput.class) BigDecimal fxRateToIdr,
            @NotNull Channel channel,
            @NotNull OffsetDateTime occurredAt,
            ObjectNode metadata,
            @Pattern(regexp = "^[A-Z]{2}$", message = "must be an ISO 3166-1 alpha-2 country code such as SG")
            String destinationCountry) {
    }

    public record ReversalInput(
            @NotNull @Pattern(regexp = EXTERNAL_REF, message = EXTERNAL_REF_MESSAGE) String externalRef,
            @Positive @DecimalMax("1000000000000000") @Digits(integer = 16, fraction = 2)
            @JsonDeserialize(using = DecimalInput.class) BigDecimal amount,
            @NotBlank @CleanText @Size(max = 500) String reason,
            OffsetDateTime occurredAt) {
    }

    /** Items stay untyped until each is read on its own, so that one bad item rejects only itself. */
    public record BatchInput(@NotNull @NotEmpty @Size(max = 1000) List<@NotNull JsonNode> items) {
    }

    public record TransactionView(UUID id, String partner, String externalRef, String campaign, UUID umkmId,
            String amount, String currency, String fxRateToIdr, String amountIdr, Channel channel,
            OffsetDateTime occurredAt, Instant recordedAt, String regionCode, JsonNode metadata, EntryKind kind,
            UUID reverses, String reason, String destinationCountry, RecordedBy recordedBy) {
    }

    /**
     * Who recorded an entry: the partner (code) whose API key (id, never the secret) made the
     * request. Null for entries recorded before this was kept; {@code keyId} null for the
     * bootstrap administrator and in-process loads without a key.
     */
    public record RecordedBy(String partner, UUID keyId) {
    }

    public enum ItemStatus {
        CREATED, REPLAYED, REJECTED
    }

    public record BatchItemResult(int index, ItemStatus status, UUID id, Problem problem) {
    }

    public record BatchResult(int created, int replayed, int rejected, List<BatchItemResult> results) {
    }

    public record ImportLineResult(long line, ItemStatus status, UUID id, Problem problem) {
    }

    public record ImportResult(int created, int replayed, int rejected, List<ImportLineResult> results) {
    }

    public record TransactionPage(List<TransactionView> items, String nextCursor) {
    }

    /** The counts of a batch or import result, from the status of each item. */
    static <R, T> T summarise(List<R> results, Function<R, ItemStatus> status, Summary<R, T> summary) {
        int created = 0;
        int replayed = 0;
        int rejected = 0;
        for (R r : results) {
            switch (status.apply(r)) {
                case CREATED -> created++;
                case REPLAYED -> replayed++;
                case REJECTED -> rejected++;
            }
        }
        return summary.of(created, replayed, rejected, results);
    }

    @FunctionalInterface
    interface Summary<R, T> {
        T of(int created, int replayed, int rejected, List<R> results);
    }
}
