package id.campaignledger.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline verifier on generated chains: what it accepts, and where it says a chain breaks. */
class VerifierTest {

    @TempDir
    Path dir;

    private record Run(int code, String out) {
    }

    private Run run(List<SealedEntry> entries, Checkpoint checkpoint, String... extra) throws Exception {
        Path export = dir.resolve("e.ndjson");
        ChainFixture.writeNdjson(export, entries);
        return runFile(export, checkpoint, extra);
    }

    private Run runFile(Path export, Checkpoint checkpoint, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--export", export.toString()));
        if (checkpoint != null) {
            Path cp = dir.resolve("c.json");
            Files.writeString(cp, checkpoint.document());
            Path key = dir.resolve("k.pem");
            Files.writeString(key, Keys.pem(ChainFixture.KEY.getPublic()));
            args.addAll(List.of("--checkpoint", cp.toString(), "--public-key", key.toString()));
        }
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private static SealedEntry withAmount(SealedEntry e, String amount) {
        return new SealedEntry(e.seq(), e.campaignSeq(), e.id(), e.kind(), e.reverses(), e.partner(),
                e.recordedByPartner(), e.recordedByKeyId(), e.externalRef(), e.campaign(), e.umkm(), e.regionCode(),
                e.channel(), amount, e.currency(), e.fxRateToIdr(), amount, e.occurredAt(), e.recordedAt(),
                e.metadata(), e.reason(), e.hash(), e.campaignHash());
    }

    @Test
    void anUntouchedLedgerWithItsCheckpointIsOkWithTheCampaignTotals() throws Exception {
        List<SealedEntry> entries = ChainFixture.entries(200);
        Checkpoint cp = ChainFixture.checkpoint(entries, 180);
        Run r = run(entries, cp);
        assertEquals(Main.OK, r.code(), r.out());
        assertTrue(r.out().endsWith("OK\n"), r.out());
        Checkpoint.CampaignTotals bbi = cp.campaign("BBI-2023");
        assertTrue(r.out().contains("campaign BBI-2023: entries " + bbi.entries() + ", sales " + bbi.sales()
                + ", amountIdr " + bbi.amountIdr()), r.out());
        assertTrue(r.out().contains("not covered by its signature): 20"), r.out());
    }

    @Test
    void aChangedAmountIsNamedByItsSeqAndId() throws Exception {
        List<SealedEntry> entries = ChainFixture.entries(50);
        Checkpoint cp = ChainFixture.checkpoint(entries, 50);
        SealedEntry victim = entries.get(20);
        entries.set(20, withAmount(victim, "9999999.25"));
        Run r = run(entries, cp);
        assertEquals(Main.BROKEN, r.code());
        assertTrue(r.out().contains("BROKEN at seq 21 (entry " + victim.id() + ")"), r.out());
    }

    @Test
    void aRemovedEntryIsAGapNamedAtTheNextOne() throws Exception {
        List<SealedEntry> entries = ChainFixture.entries(50);
        SealedEntry next = entries.get(11);
        entries.remove(10);
        Run r = run(entries, null);
        assertEquals(Main.BROKEN, r.code());
        assertTrue(r.out().contains("at seq 12 (entry " + next.id() + "): seq 11 missing"), r.out());
    }

    @Test
    void removingTheLastEntriesIsCaughtByTheCheckpoint() throws Exception {
        List<SealedEntry> entries = ChainFixture.entries(50);
        Checkpoint cp = ChainFixture.checkpoint(entries, 50);
        Run r = run(entries.subList(0, 48), cp);
        assertEquals(Main.BROKEN, r.code());
        assertTrue(r.out().contains("ends at seq 48 before the checkpoint's head seq 50"), r.out());
    }

    @Test
    void swappedEntriesBreakAtTheFirstOfThem() throws Exception {
        List<SealedEntry> entries = ChainFixture.entries(50);
        SealedEntry a = entries.get(30);
        SealedEntry b = entries.get(31);
        // Swapped with their seq numbers kept in place, as a reordering of rows would show them.
        entries.set(30, new SealedEntry(a.seq(), b.campaignSeq(), b.id(), b.kind(), b.reverses(), b.partner(),
                null, null, b.externalRef(), b.campaign(), b.umkm(), b.regionCode(), b.channel(), b.amount(),
                b.currency(), b.fxRateToIdr(), b.amountIdr(), b.occurredAt(), b.recordedAt(), b.metadata(),
                b.reason(), b.hash(), b.campaignHash()));
        Run r = run(entries, null);
        assertEquals(Main.BROKEN, r.code());
        assertTrue(r.out().contains("BROKEN at seq 31 (entry " + b.id() + ")"), r.out());
    }

    @Test
    void anEntryInsertedWithAFreshlyComputedHashBreaksTheEntryAfterIt() throws Exception {
        List<SealedEntry> entries = ChainFixture.entries(50);
        Checkpoint cp = ChainFixture.checkpoint(entries, 50);
        SealedEntry before = entries.get(24);
        SealedEntry forged = Chain.seal(new SealedEntry(26, 99, "00000000-0000-0000-0000-00000000ffff", "SALE",
                null, "tokopedia", null, null, "forged", before.campaign(), before.umkm(), "36.02", "QRIS",
                "5000000.00", "IDR", null, "5000000.00", before.occurredAt(), before.recordedAt(), null, null, null,
                null), before.hash(), Chain.GENESIS);
        List<SealedEntry> tampered = new ArrayList<>(entries.subList(0, 25));
        tampered.add(forged);
        for (SealedEntry e : entries.subList(25, 50)) {
            tampered.add(new SealedEntry(e.seq() + 1, e.campaignSeq(), e.id(), e.kind(), e.reverses(), e.partner(),
                    null, null, e.externalRef(), e.campaign(), e.umkm(), e.regionCode(), e.channel(), e.amount(),
                    e.currency(), e.fxRateToIdr(), e.amountIdr(), e.occurredAt(), e.recordedAt(), e.metadata(),
                    e.reason(), e.hash(), e.campaignHash()));
        }
        Run r = run(tampered, cp);
        assertEquals(Main.BROKEN, r.code());
        assertTrue(r.out().contains("BROKEN at seq 26 (entry " + forged.id() + ")"), r.out());
    }

    @Test
    void aForgedCheckpointIsRefused() throws Exception {
        List<SealedEntry> entries = ChainFixture.entries(30);
        Checkpoint cp = ChainFixture.checkpoint(entries, 30);
        String forgedDoc = cp.document().replace("\"amountIdr\":\"" + cp.campaigns().get(0).amountIdr() + "\"",
                "\"amountIdr\":\"1.00\"");
        assertNotEquals(cp.document(), forgedDoc);
        Run r = run(entries, Checkpoint.parse(forgedDoc));
        assertEquals(Main.BROKEN, r.code());
        assertTrue(r.out().contains("signature refused"), r.out());
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsRefused() throws Exception {
        List<SealedEntry> entries = ChainFixture.entries(30);
        Checkpoint cp = ChainFixture.checkpoint(entries, 30);
        Checkpoint other = new Checkpoint(cp.seq(), cp.createdAt(), cp.headSeq(), cp.headHash(), cp.keyId(),
                cp.campaigns(), null).signedWith(Keys.generate().getPrivate());
        Run r = run(entries, other);
        assertEquals(Main.BROKEN, r.code());
        assertTrue(r.out().contains("signature refused"), r.out());
    }

    @Test
    void aCampaignExportIsVerifiedAlongItsOwnChain() throws Exception {
        List<SealedEntry> entries = ChainFixture.entries(120);
        Checkpoint cp = ChainFixture.checkpoint(entries, 120);
        List<SealedEntry> bbi = entries.stream().filter(e -> e.campaign().equals("BBI-2023")).toList();
        Run r = run(bbi, cp, "--campaign", "BBI-2023");
        assertEquals(Main.OK, r.code(), r.out());
        List<SealedEntry> broken = new ArrayList<>(bbi);
        broken.set(5, withAmount(broken.get(5), "1.25"));
        Run b = run(broken, cp, "--campaign", "BBI-2023");
        assertEquals(Main.BROKEN, b.code());
        assertTrue(b.out().contains("BROKEN at seq " + bbi.get(5).seq()), b.out());
    }

    @Test
    void csvWithFormulaLikeFieldsVerifiesLikeNdjson() throws Exception {
        List<SealedEntry> entries = ChainFixture.entries(80);
        Path csv = dir.resolve("e.csv");
        ChainFixture.writeCsv(csv, entries);
        String text = Files.readString(csv);
        assertTrue(text.contains("'=HYPERLINK"), "formula prefix neutralised");
        assertTrue(text.contains("'-1"), "negative amounts neutralised too");
        assertFalse(text.contains(",=HYPERLINK") || text.contains(",-1"));
        Run r = runFile(csv, ChainFixture.checkpoint(entries, 80));
        assertEquals(Main.OK, r.code(), r.out());
    }

    @Test
    void aTargetsProgressIsRecomputedToTheSen() throws Exception {
        List<SealedEntry> entries = ChainFixture.entries(100);
        Path target = dir.resolve("t.json");
        Files.writeString(target, """
                {"id":"t1","campaign":"GERNAS","name":"x","metric":"TRANSACTION_VALUE","amount":"100000.00",
                 "regionCode":"36.02","periodStart":"2023-05-01","periodEnd":"2023-05-01"}""");
        java.math.BigDecimal expected = java.math.BigDecimal.ZERO;
        for (SealedEntry e : entries) {
            java.time.LocalDate day = java.time.Instant.parse(e.occurredAt()).atZone(java.time.ZoneId.of("Asia/Jakarta"))
                    .toLocalDate();
            if (e.campaign().equals("GERNAS") && e.regionCode().equals("36.02")
                    && day.equals(java.time.LocalDate.parse("2023-05-01"))) {
                expected = expected.add(new java.math.BigDecimal(e.amountIdr()));
            }
        }
        Run r = run(entries, null, "--target", target.toString());
        assertEquals(Main.OK, r.code(), r.out());
        assertTrue(r.out().contains("realised " + expected.setScale(2).toPlainString() + " of 100000.00"), r.out());
    }

    @Test
    void severalTargetsAreRecomputedInOnePassEachAsItWouldBeAlone() throws Exception {
        List<SealedEntry> entries = ChainFixture.entries(100);
        Path lebak = dir.resolve("lebak.json");
        Files.writeString(lebak, """
                {"id":"t1","campaign":"GERNAS","name":"x","metric":"TRANSACTION_VALUE","amount":"100000.00",
                 "regionCode":"36.02","periodStart":"2023-05-01","periodEnd":"2023-05-01"}""");
        Path count = dir.resolve("count.json");
        Files.writeString(count, """
                {"id":"t2","campaign":"GERNAS","name":"y","metric":"TRANSACTION_COUNT","amount":"10",
                 "regionCode":null,"periodStart":"2023-01-01","periodEnd":"2023-12-31"}""");
        String alone1 = targetLine(run(entries, null, "--target", lebak.toString()), "target t1 ");
        String alone2 = targetLine(run(entries, null, "--target", count.toString()), "target t2 ");
        Run both = run(entries, null, "--target", lebak.toString(), "--target", count.toString());
        assertEquals(Main.OK, both.code(), both.out());
        assertEquals(alone1, targetLine(both, "target t1 "));
        assertEquals(alone2, targetLine(both, "target t2 "));
    }

    private static String targetLine(Run r, String prefix) {
        assertEquals(Main.OK, r.code(), r.out());
        return r.out().lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + prefix + "in " + r.out()));
    }

    @Test
    void wrongUsageAndUnreadableInputAreExitCodeTwo() throws Exception {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(Main.USAGE, Main.run(new String[0], sink, sink));
        assertEquals(Main.USAGE, Main.run(new String[] { "--export" }, sink, sink));
        Path export = dir.resolve("x.ndjson");
        Files.writeString(export, "{not json}\n");
        assertEquals(Main.USAGE, Main.run(new String[] { "--export", export.toString() }, sink, sink));
        assertEquals(Main.USAGE, Main.run(new String[] { "--export", dir.resolve("missing").toString() }, sink, sink));
    }

    @Test
    void anEmptyExportWithoutCheckpointIsOkWithNothing() throws Exception {
        Run r = run(Collections.emptyList(), null);
        assertEquals(Main.OK, r.code(), r.out());
        assertTrue(r.out().contains("entries verified: 0"));
    }

    @Test
    void canonicalJsonSortsKeysKeepsNumberLexemesAndEscapesOnlyWhatJsonNeeds() {
        assertEquals("{\"a\":[1.50,true,null],\"b\":\"é\\n\\u0001\"}",
                Json.canonicalText("{ \"b\" : \"\\u00e9\\n\\u0001\", \"a\": [1.50, true, null] }"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1,\"a\":2}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1,]"));
    }

    @Test
    void thePreimageIsAJsonArrayOfTheFieldsInTheirDocumentedOrder() {
        SealedEntry e = ChainFixture.entries(1).get(0);
        String pre = new String(Chain.preimage(e), StandardCharsets.UTF_8);
        assertTrue(pre.startsWith("[\"campaign-ledger/entry/v1\",\"1\",\"1\",\"" + e.id() + "\",\"SALE\",null,"
                + "\"tokopedia\",null,null,\"ref-1\",\"GERNAS\""), pre);
        assertEquals(64, e.hash().length());
    }
}
