package id.campaignledger.ledger;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Identifiers of new entries: UUID version 7 (RFC 9562), the millisecond of {@code at} followed by
 * 74 random bits. Entries recorded close together get close ids, so the primary key and the chain's
 * entry index ({@code ledger_seal.entry_id}) grow at their right edge like the ledger's time-ordered
 * indexes. With random (version 4) ids every insert lands on a random leaf of both, which stays
 * cheap only while the whole index fits in memory, not at national volume. The random bits come
 * from {@link SecureRandom}, as version 4's do, so an id is not guessable from its neighbours.
 */
final class EntryIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private EntryIds() {
    }

    static UUID next(Instant at) {
        long millis = at.toEpochMilli();
        if (millis < 0 || millis >= 1L << 48) {
            throw new IllegalArgumentException("A version 7 id holds the milliseconds from 1970 to 10889: " + at);
        }
        long high = millis << 16 | 0x7000L | RANDOM.nextInt(1 << 12);
        long low = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
