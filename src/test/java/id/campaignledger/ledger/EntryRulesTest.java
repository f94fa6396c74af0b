package id.campaignledger.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.Money;
import id.campaignledger.ledger.LedgerRecords.TransactionInput;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EntryRulesTest {

    private static final Instant NOW = Instant.parse("2023-06-01T00:00:00Z");
    private final EntryRules rules = new EntryRules(Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("Asia/Jakarta"));
    private final ObjectMapper json = new ObjectMapper();

    private static final UUID UMKM = UUID.fromString("6f1c1a52-3f7e-4a59-9d1e-2b8f0c9a7d10");

    private static TransactionInput input(String amount, String currency, String rate, OffsetDateTime at,
            ObjectNode metadata) {
        return new TransactionInput("ref", "BBI", UMKM, null, new BigDecimal(amount), currency,
                rate == null ? null : new BigDecimal(rate), Channel.QRIS, at, metadata, null);
    }

    private static OffsetDateTime at(String text) {
        return OffsetDateTime.parse(text);
    }

    @Test
    void foreignAmountsRoundHalfEvenToTheSen() {
        assertEquals(new BigDecimal("0.02"), Money.toIdr(new BigDecimal("0.01"), new BigDecimal("2.5")));
        assertEquals(new BigDecimal("0.04"), Money.toIdr(new BigDecimal("0.01"), new BigDecimal("3.5")));
        Posting p = rules.prepare(input("10.05", "EUR", "16650.5", at("2023-05-31T10:00:00Z"), null));
        assertEquals(new BigDecimal("167337.52"), p.amountIdr());
    }

    @Test
    void idrCarriesNoRate() {
        Posting p = rules.prepare(input("100", "IDR", "1", at("2023-05-31T10:00:00Z"), null));
        assertNull(p.fxRateToIdr());
        assertEquals(new BigDecimal("100.00"), p.amountIdr());
        assertThrows(LedgerException.class,
                () -> rules.prepare(input("100", "IDR", "2", at("2023-05-31T10:00:00Z"), null)));
    }

    @Test
    void unknownCurrenciesAndMissingRatesAreRefused() {
        assertEquals("currency", field(() -> rules.prepare(input("1", "XYZ", "1", at("2023-05-31T10:00:00Z"), null))));
        assertEquals("fxRateToIdr", field(() -> rules.prepare(input("1", "EUR", null, at("2023-05-31T10:00:00Z"),
                null))));
    }

    @Test
    void aForeignAmountWorthMoreThanTheLimitInIdrIsRefused() {
        assertEquals("amount", field(() -> rules.prepare(input("100000000000", "EUR", "17000",
                at("2023-05-31T10:00:00Z"), null))));
    }

    @Test
    void theFutureToleranceIsFiveMinutes() {
        rules.prepare(input("1", "IDR", null, at("2023-06-01T00:05:00Z"), null));
        LedgerException e = assertThrows(LedgerException.class,
                () -> rules.prepare(input("1", "IDR", null, at("2023-06-01T00:05:00.001Z"), null)));
        assertEquals(422, e.problem().status());
    }

    @Test
    void campaignDaysAreJakartaDays() {
        assertEquals(LocalDate.of(2023, 12, 31), rules.ledgerDate(Instant.parse("2023-12-31T16:30:00Z")));
        assertEquals(LocalDate.of(2024, 1, 1), rules.ledgerDate(Instant.parse("2023-12-31T17:10:00Z")));
    }

    @Test
    void theDigestIgnoresHowTheSameContentIsWritten() throws Exception {
        ObjectNode a = (ObjectNode) json.readTree("{\"b\":1,\"a\":{\"y\":2,\"x\":[1,2]}}");
        ObjectNode b = (ObjectNode) json.readTree("{\"a\":{\"x\":[1,2],\"y\":2},\"b\":1}");
        Posting first = rules.prepare(input("10.5", "IDR", null, at("2023-05-31T17:00:00+07:00"), a));
        Posting second = rules.prepare(input("10.50", "IDR", null, at("2023-05-31T10:00:00Z"), b));
        assertArrayEquals(first.requestDigest(), second.requestDigest());
        Posting other = rules.prepare(input("10.51", "IDR", null, at("2023-05-31T10:00:00Z"), b));
        assertFalse(java.util.Arrays.equals(first.requestDigest(), other.requestDigest()));
    }

    @Test
    void metadataIsBoundedAndFreeOfNul() throws Exception {
        ObjectNode big = json.createObjectNode().put("note", "x".repeat(4090));
        assertEquals("metadata", field(() -> rules.prepare(input("1", "IDR", null, at("2023-05-31T10:00:00Z"), big))));
        ObjectNode nul = (ObjectNode) json.readTree("{\"list\":[\"a\\u0000\"]}");
        assertEquals("metadata", field(() -> rules.prepare(input("1", "IDR", null, at("2023-05-31T10:00:00Z"), nul))));
    }

    private static String field(Runnable call) {
        LedgerException e = assertThrows(LedgerException.class, call::run);
        return e.problem().errors().get(0).field();
    }
}
