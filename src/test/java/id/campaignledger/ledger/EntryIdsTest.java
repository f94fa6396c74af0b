package id.campaignledger.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EntryIdsTest {

    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecond() {
        Instant at = Instant.parse("2026-12-02T20:40:00.123456Z");
        UUID id = EntryIds.next(at);
        assertEquals(7, id.version());
        assertEquals(2, id.variant(), "the RFC 9562 variant");
        assertEquals(at.toEpochMilli(), id.getMostSignificantBits() >>> 16);
        String millis = String.format("%012x", at.toEpochMilli());
        assertTrue(id.toString().startsWith(millis.substring(0, 8) + "-" + millis.substring(8)),
                "its text begins with the time: " + id);
    }

    @Test
    void idsOfALaterMillisecondSortAfterEarlierOnesAsPostgresqlComparesThem() {
        Instant at = Instant.parse("2026-12-02T20:40:00Z");
        for (int i = 0; i < 1_000; i++) {
            // PostgreSQL orders uuids by their bytes, as their text sorts.
            String earlier = EntryIds.next(at).toString();
            String later = EntryIds.next(at.plusMillis(1)).toString();
            assertTrue(earlier.compareTo(later) < 0, earlier + " before " + later);
        }
    }

    @Test
    void idsOfTheSameMillisecondDifferInTheirRandomBits() {
        Instant at = Instant.parse("2026-12-02T20:40:00Z");
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(EntryIds.next(at));
        }
        assertEquals(100_000, ids.size());
    }

    @Test
    void aMomentBefore1970HasNoVersion7Id() {
        assertThrows(IllegalArgumentException.class, () -> EntryIds.next(Instant.parse("1969-12-31T23:59:59Z")));
    }
}
