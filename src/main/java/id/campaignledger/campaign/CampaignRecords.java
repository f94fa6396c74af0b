package id.campaignledger.campaign;

import id.campaignledger.common.CleanText;
import id.campaignledger.common.RegionCode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import id.campaignledger.common.DecimalInput;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Request and response bodies of the campaign and target API. */
public final class CampaignRecords {

    static final String CODE = "^[A-Z][A-Z0-9_-]{1,31}$";
    static final String CODE_MESSAGE = "must be 2-32 upper-case letters, digits, '_' or '-', starting with a letter";
    static final String MAX_AMOUNT = "1000000000000000";

    private CampaignRecords() {
    }

    public record CampaignCreate(
            @NotNull @Pattern(regexp = CODE, message = CODE_MESSAGE) String code,
            @NotBlank @CleanText @Size(max = 200) String name,
            @CleanText(multiline = true) @Size(max = 2000) String description,
            @NotNull LocalDate startsOn,
            LocalDate endsOn) {
    }

    public record CampaignUpdate(
            @NotBlank @CleanText @Size(max = 200) String name,
            @CleanText(multiline = true) @Size(max = 2000) String description,
            @NotNull LocalDate startsOn,
            LocalDate endsOn) {
    }

    public record CampaignView(String code, String name, String description, LocalDate startsOn, LocalDate endsOn,
            Instant createdAt, Instant updatedAt) {
    }

    public record TargetInput(
            @CleanText @Size(max = 200) String name,
            @NotNull TargetMetric metric,
            @NotNull @Positive @DecimalMax(MAX_AMOUNT) @Digits(integer = 16, fraction = 2)
            @JsonDeserialize(using = DecimalInput.class) BigDecimal amount,
            @Pattern(regexp = RegionCode.PATTERN, message = RegionCode.MESSAGE) String regionCode,
            @NotNull LocalDate periodStart,
            @NotNull LocalDate periodEnd) {
    }

    /** A target's new content, replacing every field, and why it changed. */
    public record TargetRevisionInput(
            @CleanText @Size(max = 200) String name,
            @NotNull TargetMetric metric,
            @NotNull @Positive @DecimalMax(MAX_AMOUNT) @Digits(integer = 16, fraction = 2)
            @JsonDeserialize(using = DecimalInput.class) BigDecimal amount,
            @Pattern(regexp = RegionCode.PATTERN, message = RegionCode.MESSAGE) String regionCode,
            @NotNull LocalDate periodStart,
            @NotNull LocalDate periodEnd,
            @CleanText @Size(max = 500) String reason) {

        TargetInput content() {
            return new TargetInput(name, metric, amount, regionCode, periodStart, periodEnd);
        }
    }

    public record TargetView(UUID id, String campaign, String name, TargetMetric metric, String amount,
            String regionCode, String regionName, LocalDate periodStart, LocalDate periodEnd, int version,
            Instant createdAt, Instant updatedAt) {
    }

    public record TargetRevisionView(int version, String name, TargetMetric metric, String amount, String regionCode,
            LocalDate periodStart, LocalDate periodEnd, String reason, Instant revisedAt, String revisedBy) {
    }
}
