package id.campaignledger.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.common.Countries;
import id.campaignledger.common.LedgerException;
import id.campaignledger.ledger.LedgerRecords.TransactionInput;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An export's destination country: which codes are taken, on which channel, and what it does to the digest. */
class DestinationRulesTest {

    private static final UUID UMKM = UUID.fromString("6f1c1a52-3f7e-4a59-9d1e-2b8f0c9a7d10");

    private final EntryRules rules = new EntryRules(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC),
            ZoneId.of("Asia/Jakarta"));

    private static TransactionInput sale(Channel channel, String destination) {
        return new TransactionInput("ref-1", "BBI", UMKM, null, new BigDecimal("1500000.00"), "IDR", null, channel,
                OffsetDateTime.parse("2023-06-01T10:00:00+07:00"), null, destination);
    }

    @Test
    void theAssignedCodesAreTheJavaRuntimesIso3166List() {
        assertEquals(249, Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2).size());
        for (String code : List.of("SG", "JP", "KR", "NL", "DE", "FR", "GB", "ID")) {
            assertTrue(Countries.isAssigned(code), code);
        }
        // Lower case, the common "UK", user-assigned Kosovo, a withdrawn code and unassigned ones are not codes.
        for (String code : List.of("sg", "Sg", "UK", "XK", "AN", "ZZ", "EU", "", "SGP")) {
            assertFalse(Countries.isAssigned(code), code);
        }
        assertEquals("Singapore", Countries.englishName("SG").orElseThrow());
        assertTrue(Countries.englishName("ZZ").isEmpty());
    }

    @Test
    void anExportMayNameWhereItGoes() {
        assertEquals("SG", rules.prepare(sale(Channel.EXPORT, "SG")).destinationCountry());
        assertNull(rules.prepare(sale(Channel.EXPORT, null)).destinationCountry());
    }

    @Test
    void aDestinationOnAnyOtherChannelIsRefused() {
        for (Channel channel : Channel.values()) {
            if (channel != Channel.EXPORT) {
                LedgerException e = assertThrows(LedgerException.class, () -> rules.prepare(sale(channel, "SG")));
                assertEquals(400, e.problem().status());
                assertTrue(e.problem().toString().contains("destinationCountry"), e.problem().toString());
            }
        }
    }

    @Test
    void aCodeThatIsNotAnAssignedCountryIsRefused() {
        for (String code : List.of("UK", "XK", "ZZ", "sg")) {
            LedgerException e = assertThrows(LedgerException.class, () -> rules.prepare(sale(Channel.EXPORT, code)));
            assertEquals(400, e.problem().status(), code);
        }
    }

    @Test
    void aSaleWithoutDestinationDigestsAsBeforeDestinationsExisted() {
        // Pinned from the digest of this sale before destinations were added: idempotent replays
        // of earlier requests must still match what is stored.
        byte[] before = EntryRules.digest("SALE", "BBI", UMKM.toString(), "null", "1500000", "IDR", "",
                "EXPORT", "2023-06-01T03:00:00Z", "");
        assertArrayEquals(before, rules.prepare(sale(Channel.EXPORT, null)).requestDigest());
        assertFalse(HexFormat.of().formatHex(before).equals(
                HexFormat.of().formatHex(rules.prepare(sale(Channel.EXPORT, "SG")).requestDigest())));
        assertFalse(HexFormat.of().formatHex(rules.prepare(sale(Channel.EXPORT, "JP")).requestDigest()).equals(
                HexFormat.of().formatHex(rules.prepare(sale(Channel.EXPORT, "SG")).requestDigest())));
    }
}
