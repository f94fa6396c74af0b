package id.campaignledger.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A row about to be inserted: every reference resolved, every rule checked. {@code recordedBy*}
 * name who acted: the partner and API key of the request (null for the bootstrap administrator,
 * which is no partner row, and for in-process work without a key).
 */
record NewEntry(
        UUID id,
        String externalRef,
        int campaignId,
        UUID umkmId,
        EntryKind kind,
        UUID reverses,
        BigDecimal amount,
        String currency,
        BigDecimal fxRateToIdr,
        BigDecimal amountIdr,
        Channel channel,
        Instant occurredAt,
        String regionCode,
        String metadataJson,
        String reason,
        byte[] requestDigest,
        String destinationCountry,
        Integer recordedByPartner,
        UUID recordedByKey) {
}
