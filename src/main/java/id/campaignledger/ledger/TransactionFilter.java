package id.campaignledger.ledger;

import id.campaignledger.common.LedgerException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/** What a transaction list asks for; the cursor is the position after the last entry already seen. */
public record TransactionFilter(String campaign, UUID umkmId, Channel channel, EntryKind kind,
        OffsetDateTime from, OffsetDateTime to, Position after, int limit) {

    /** Newest first by occurredAt, then id, so that pages never skip or repeat an entry. */
    public record Position(Instant occurredAt, UUID id) {

        public String encode() {
            String raw = occurredAt.toString() + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        public static Position decode(String cursor) {
            if (cursor == null || cursor.isEmpty()) {
                return null;
            }
            try {
                if (cursor.length() > 200) {
                    throw new IllegalArgumentException("too long");
                }
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                return new Position(Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
            } catch (RuntimeException e) {
                throw LedgerException.invalid("cursor", "is not a cursor this service returned");
            }
        }
    }
}
