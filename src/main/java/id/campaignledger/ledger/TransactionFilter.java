package id.campaignledger.ledger;

import id.campaignledger.common.Cursor;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What a transaction list asks for; the cursor is the position after the last entry already seen.
 * {@code recordedByKey}: only entries recorded with this API key (what a leaked key did).
 */
public record TransactionFilter(String campaign, UUID umkmId, Channel channel, EntryKind kind,
        OffsetDateTime from, OffsetDateTime to, UUID recordedByKey, Position after, int limit) {

    /** Newest first by occurredAt, then id, so that pages never skip or repeat an entry. */
    public record Position(Instant occurredAt, UUID id) {

        public String encode() {
            return Cursor.encode(occurredAt, id);
        }

        public static Position decode(String cursor) {
            List<String> fields = Cursor.decode(cursor, 2);
            return fields == null ? null
                    : new Position(Cursor.field(Instant::parse, fields.get(0)), Cursor.field(UUID::fromString, fields.get(1)));
        }
    }
}
