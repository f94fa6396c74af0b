package id.campaignledger.umkm;

import id.campaignledger.common.CleanText;
import id.campaignledger.common.RegionCode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the UMKM API. */
public final class UmkmRecords {


    private UmkmRecords() {
    }

    public record UmkmInput(
            @Pattern(regexp = "^[0-9]{13}$", message = "must be 13 digits") String nib,
            @NotBlank @CleanText @Size(max = 200) String name,
            @NotNull @Pattern(regexp = RegionCode.PATTERN, message = RegionCode.MESSAGE) String regionCode,
            @Pattern(regexp = "^[0-9]{2,5}$", message = "must be a KBLI code of 2-5 digits") String sector,
            @NotNull Scale scale,
            Boolean curated,
            Boolean exportReady,
            Boolean digitalPayments) {
    }

    public record UmkmView(UUID id, String nib, String name, String regionCode, String regionName, String sector,
            Scale scale, boolean curated, boolean exportReady, boolean digitalPayments, Instant createdAt) {
    }

    public record UmkmPage(List<UmkmView> items, String nextCursor) {
    }
}
