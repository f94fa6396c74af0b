package id.campaignledger.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.campaignledger.common.ProblemType;
import id.campaignledger.common.Problems;
import id.campaignledger.ledger.EntryInsert.Placed;
import id.campaignledger.ledger.EntryReads.CampaignRef;
import id.campaignledger.ledger.EntryReads.References;
import id.campaignledger.ledger.EntryReads.UmkmRef;
import id.campaignledger.ledger.LedgerRecords.ItemStatus;
import id.campaignledger.ledger.LedgerRecords.TransactionInput;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The idempotent posting core on its own: the look-ups and the insert are played by plain
 * values, as the database would answer them, so each rule is seen without a server.
 */
class PostingRoundTest {

    private static final Instant NOW = Instant.parse("2023-06-01T00:00:00Z");
    private static final int PARTNER = 7;
    private static final UUID LEBAK_UMKM = UUID.fromString("6f1c1a52-3f7e-4a59-9d1e-2b8f0c9a7d10");
    private static final String LEBAK_NIB = "1234567890123";
    private static final References REFERENCES = new References(
            Map.of("BBI", new CampaignRef(1, "BBI", LocalDate.parse("2023-01-01"), LocalDate.parse("2023-12-31"))),
            List.of(new UmkmRef(LEBAK_UMKM, LEBAK_NIB, "36.02")));

    private final EntryRules rules = new EntryRules(Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("Asia/Jakarta"));

    private Candidate sale(String ref, String amount, String campaign, String occurredAt) {
        return Candidate.of(rules.prepare(new TransactionInput(ref, campaign, LEBAK_UMKM, null,
                new BigDecimal(amount), "IDR", null, Channel.QRIS, OffsetDateTime.parse(occurredAt), null, null)));
    }

    private Candidate sale(String ref, String amount) {
        return sale(ref, amount, "BBI", "2023-05-01T10:00:00+07:00");
    }

    /** Plays the insert: every row goes in, recorded now. */
    private static Map<UUID, Instant> insertAll(List<NewEntry> rows) {
        Map<UUID, Instant> inserted = new HashMap<>();
        rows.forEach(r -> inserted.put(r.id(), NOW));
        return inserted;
    }

    private static StoredEntry storedAs(Candidate candidate) {
        Posting p = candidate.posting();
        return new StoredEntry(UUID.randomUUID(), PARTNER, "tokopedia", p.externalRef(), 1, "BBI", LEBAK_UMKM,
                EntryKind.SALE, null, p.amount(), p.currency(), p.fxRateToIdr(), p.amountIdr(), p.channel(),
                p.occurredAt(), NOW.minusSeconds(3600), "36.02", p.metadataJson(), null, p.requestDigest(),
                p.destinationCountry(), "tokopedia", null);
    }

    private PostingRound round(Candidate... candidates) {
        return new PostingRound(rules, PARTNER, "tokopedia", List.of(candidates));
    }

    @Test
    void itemsTheNamedInsertPlacedAreCreatedWithWhatItGaveThemAndTheRestGoOnToTheLookUps() {
        PostingRound round = round(sale("b-2", "20.00"), sale("a-1", "10.00"), sale("c-3", "30.00"));
        Map<String, UUID> named = new HashMap<>();
        round.named().forEach(s -> named.put(s.posting().externalRef(), s.id()));
        assertEquals(3, new HashSet<>(named.values()).size(), "each item under an id of its own");
        // The statement placed a-1 and c-3; b-2 it left out (say, a reference already stored).
        Map<UUID, Placed> placed = new HashMap<>();
        placed.put(named.get("a-1"), new Placed(NOW, 1, LEBAK_UMKM, "36.02"));
        placed.put(named.get("c-3"), new Placed(NOW, 1, LEBAK_UMKM, "36.02"));
        round.placed(placed);
        assertTrue(round.hasItemsToResolve(), "b-2 is still to resolve");
        List<NewEntry> rows = round.resolve(REFERENCES);
        assertEquals(List.of("b-2"), rows.stream().map(NewEntry::externalRef).toList());
        assertEquals(List.of("b-2"), round.afterInsert(Map.of()), "b-2 went in elsewhere: look it up");
        Candidate stored = sale("b-2", "20.00");
        List<Outcome> outcomes = round.finish(Map.of("b-2", storedAs(stored)));
        assertEquals(List.of(ItemStatus.REPLAYED, ItemStatus.CREATED, ItemStatus.CREATED),
                outcomes.stream().map(Outcome::status).toList());
        assertEquals(named.get("a-1"), outcomes.get(1).entry().id(), "a-1 keeps the id it was inserted under");
        assertEquals("36.02", outcomes.get(1).entry().regionCode());
        assertEquals(new BigDecimal("30.00"), outcomes.get(2).entry().amountIdr());
    }

    @Test
    void newItemsAreCreatedAndInsertedInReferenceOrder() {
        PostingRound round = round(sale("b-2", "20.00"), sale("a-1", "10.00"));
        List<NewEntry> rows = round.resolve(REFERENCES);
        assertEquals(List.of("a-1", "b-2"), rows.stream().map(NewEntry::externalRef).toList());
        assertEquals("36.02", rows.get(0).regionCode(), "the region is the UMKM's at posting time");
        assertEquals(List.of(), round.afterInsert(insertAll(rows)), "nothing to look up");
        List<Outcome> outcomes = round.finish(Map.of());
        assertEquals(List.of(ItemStatus.CREATED, ItemStatus.CREATED), outcomes.stream().map(Outcome::status).toList());
        assertEquals("b-2", outcomes.get(0).entry().externalRef(), "outcomes follow the items' order");
    }

    @Test
    void aStoredReferenceWithTheSameContentIsAReplayAndWithOtherContentAConflict() {
        Candidate same = sale("r-1", "10.00");
        Candidate changed = sale("r-2", "99.00");
        PostingRound round = round(same, changed);
        round.resolve(REFERENCES);
        // The unique constraint skipped both: they were stored before.
        assertEquals(List.of("r-1", "r-2"), round.afterInsert(Map.of()));
        StoredEntry first = storedAs(same);
        StoredEntry second = storedAs(sale("r-2", "20.00"));
        List<Outcome> outcomes = round.finish(Map.of("r-1", first, "r-2", second));
        assertEquals(ItemStatus.REPLAYED, outcomes.get(0).status());
        assertSame(first, outcomes.get(0).entry(), "a replay answers with the stored entry");
        assertEquals(ItemStatus.REJECTED, outcomes.get(1).status());
        assertEquals(ProblemType.CONFLICT.status(), outcomes.get(1).problem().status());
    }

    @Test
    void aReplayIsAnsweredEvenWhenTheRulesWouldRefuseItNow() {
        // Stored while the campaign covered the day; the campaign is unknown to the look-up now.
        Candidate old = sale("old-1", "10.00", "BBWI", "2023-05-01T10:00:00+07:00");
        PostingRound round = round(old);
        assertTrue(round.resolve(REFERENCES).isEmpty(), "an unknown campaign inserts nothing");
        assertEquals(List.of("old-1"), round.afterInsert(Map.of()));
        assertEquals(ItemStatus.REPLAYED, round.finish(Map.of("old-1", storedAs(old))).get(0).status());
    }

    @Test
    void repeatsInsideOneRequestAnswerAsTheirFirstOccurrence() {
        Candidate first = sale("d-1", "10.00");
        Candidate twin = sale("d-1", "10.00");
        Candidate different = sale("d-1", "11.00");
        PostingRound round = round(first, twin, different);
        List<NewEntry> rows = round.resolve(REFERENCES);
        assertEquals(1, rows.size(), "one row per reference");
        round.afterInsert(insertAll(rows));
        List<Outcome> outcomes = round.finish(Map.of());
        assertEquals(ItemStatus.CREATED, outcomes.get(0).status());
        assertEquals(ItemStatus.REPLAYED, outcomes.get(1).status());
        assertEquals(outcomes.get(0).id(), outcomes.get(1).id());
        assertEquals(ItemStatus.REJECTED, outcomes.get(2).status());
        assertEquals(ProblemType.CONFLICT.status(), outcomes.get(2).problem().status());
    }

    @Test
    void ruleViolationsRejectOnlyTheirOwnItem() {
        Candidate unreadable = Candidate.refused(Problems.invalid("item", "must be a JSON object"));
        Candidate outside = sale("early-1", "10.00", "BBI", "2022-12-31T10:00:00+07:00");
        Candidate unknownCampaign = sale("x-1", "10.00", "BBWI", "2023-05-01T10:00:00+07:00");
        Candidate fine = sale("ok-1", "10.00");
        PostingRound round = round(unreadable, outside, unknownCampaign, fine);
        List<NewEntry> rows = round.resolve(REFERENCES);
        assertEquals(List.of("ok-1"), rows.stream().map(NewEntry::externalRef).toList());
        // Refused items are looked up too: a stored entry under their reference would be a replay.
        assertEquals(List.of("early-1", "x-1"), round.afterInsert(insertAll(rows)));
        List<Outcome> outcomes = round.finish(Map.of());
        assertEquals(List.of(ItemStatus.REJECTED, ItemStatus.REJECTED, ItemStatus.REJECTED, ItemStatus.CREATED),
                outcomes.stream().map(Outcome::status).toList());
        assertTrue(outcomes.get(1).problem().detail().contains("falls outside campaign BBI"));
        assertTrue(outcomes.get(2).problem().detail().contains("no campaign 'BBWI'"));
        assertEquals(List.of("BBI"), List.copyOf(round.knownCampaigns()), "only existing campaigns become labels");
    }

    @Test
    void aConcurrentTwinThatWonTheInsertIsFoundAfterwards() {
        Candidate mine = sale("race-1", "10.00");
        PostingRound round = round(mine);
        round.resolve(REFERENCES);
        assertEquals(List.of("race-1"), round.afterInsert(Map.of()), "the insert skipped it: a twin committed first");
        StoredEntry twin = storedAs(mine);
        Outcome outcome = round.finish(Map.of("race-1", twin)).get(0);
        assertEquals(ItemStatus.REPLAYED, outcome.status());
        assertEquals(twin.id(), outcome.id());
    }

    @Test
    void anItemNeitherInsertedNorFoundIsABugNotASilentLoss() {
        PostingRound round = round(sale("lost-1", "10.00"));
        round.resolve(REFERENCES);
        round.afterInsert(Map.of());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> round.finish(Map.of()));
        assertTrue(e.getMessage().contains("lost-1"));
    }

    @Test
    void anUmkmNamedTwiceMustBeTheSameOne() {
        Candidate both = Candidate.of(rules.prepare(new TransactionInput("n-1", "BBI", LEBAK_UMKM, "9999999999999",
                new BigDecimal("1.00"), "IDR", null, Channel.QRIS, OffsetDateTime.parse("2023-05-01T10:00:00+07:00"),
                null, null)));
        PostingRound round = round(both);
        assertTrue(round.resolve(new References(REFERENCES.campaigns(), List.of(
                new UmkmRef(LEBAK_UMKM, LEBAK_NIB, "36.02"),
                new UmkmRef(UUID.randomUUID(), "9999999999999", "36.71")))).isEmpty());
        round.afterInsert(Map.of());
        Outcome outcome = round.finish(Map.of()).get(0);
        assertEquals(ItemStatus.REJECTED, outcome.status());
        assertNull(outcome.id());
        assertNotEquals(ProblemType.CONFLICT.status(), outcome.problem().status());
    }
}
