package id.campaignledger.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A ledger row as read back, with the codes of what it refers to. {@code recordedBy*}: the
 * partner (code) and API key that recorded it, null where unknown (entries recorded before
 * these were kept, the bootstrap administrator, in-process work without a key).
 */
record StoredEntry(
        UUID id,
        int partnerId,
        String partnerCode,
        String externalRef,
        int campaignId,
        String campaignCode,
        UUID umkmId,
        EntryKind kind,
        UUID reverses,
        BigDecimal amount,
        String currency,
        BigDecimal fxRateToIdr,
        BigDecimal amountIdr,
        Channel channel,
        Instant occurredAt,
        Instant recordedAt,
        String regionCode,
        String metadataJson,
        String reason,
        byte[] requestDigest,
        String destinationCountry,
        String recordedByPartnerCode,
        UUID recordedByKeyId) {
}
