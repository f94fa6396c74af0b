package id.campaignledger.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A sale that passed every rule that needs no database: amounts exact to the sen, IDR value
 * computed, request digest taken. The campaign and UMKM are still named as the partner named them.
 */
record Posting(
        String externalRef,
        String campaignCode,
        UUID umkmId,
        String nib,
        BigDecimal amount,
        String currency,
        BigDecimal fxRateToIdr,
        BigDecimal amountIdr,
        Channel channel,
        Instant occurredAt,
        String metadataJson,
        byte[] requestDigest,
        String destinationCountry) {
}
