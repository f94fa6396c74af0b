package id.campaignledger.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encoding v2: an export's destination is hashed with the entry, entries without one keep their
 * v1 preimage (and so every hash sealed before destinations), and v1 exports still read.
 */
class ChainDestinationTest {

    @TempDir
    Path dir;

    private static SealedEntry to(SealedEntry e, String country) {
        return new SealedEntry(e.seq(), e.campaignSeq(), e.id(), e.kind(), e.reverses(), e.partner(),
                e.recordedByPartner(), e.recordedByKeyId(), e.externalRef(), e.campaign(), e.umkm(), e.regionCode(),
                "EXPORT", e.amount(), e.currency(), e.fxRateToIdr(), e.amountIdr(), e.occurredAt(), e.recordedAt(),
                e.metadata(), e.reason(), null, null, country);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> preimage(SealedEntry e) {
        return (List<Object>) Json.parse(new String(Chain.preimage(e), StandardCharsets.UTF_8));
    }

    /** Entries 1..count; every fourth an export to the given destinations in turn, sealed like the service. */
    private static List<SealedEntry> chain(int count, String... destinations) {
        List<SealedEntry> sealed = new ArrayList<>();
        String previous = Chain.GENESIS;
        Map<String, String> heads = new HashMap<>();
        Map<String, Long> seqs = new HashMap<>();
        for (int n = 1; n <= count; n++) {
            SealedEntry e = ChainFixture.raw(n);
            if (n % 4 == 0 && e.kind().equals("SALE")) {
                e = to(e, destinations[(n / 4) % destinations.length]);
            }
            long cs = seqs.merge(e.campaign(), 1L, Long::sum);
            e = e.at(n, cs);
            e = new SealedEntry(e.seq(), e.campaignSeq(), e.id(), e.kind(), e.reverses(), e.partner(),
                    e.recordedByPartner(), e.recordedByKeyId(), e.externalRef(), e.campaign(), e.umkm(),
                    e.regionCode(), e.channel(), e.amount(), e.currency(), e.fxRateToIdr(), e.amountIdr(),
                    e.occurredAt(), e.recordedAt(), e.metadata() == null ? null : Json.canonicalText(e.metadata()),
                    e.reason(), null, null, e.destinationCountry());
            SealedEntry s = Chain.seal(e, previous, heads.getOrDefault(e.campaign(), Chain.GENESIS));
            previous = s.hash();
            heads.put(e.campaign(), s.campaignHash());
            sealed.add(s);
        }
        return sealed;
    }

    private int verify(Path export) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return Main.run(new String[] { "--export", export.toString() },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Test
    void anEntryWithoutDestinationKeepsItsVersionOnePreimage() {
        SealedEntry plain = ChainFixture.raw(1);
        List<Object> fields = preimage(plain);
        assertEquals(22, fields.size());
        assertEquals("campaign-ledger/entry/v1", fields.get(0));
        // The generated chain without destinations has the hashes it had before v2 existed.
        List<SealedEntry> v1 = ChainFixture.entries(30);
        List<SealedEntry> withExports = chain(30, "SG");
        for (int i = 0; i < 3; i++) { // before the first export (seq 4) the two chains are the same
            assertEquals(v1.get(i).hash(), withExports.get(i).hash());
        }
        assertTrue(!v1.get(3).hash().equals(withExports.get(3).hash()));
    }

    @Test
    void anEntryWithADestinationIsHashedWithVersionTwoAndTheCountryLast() {
        SealedEntry export = to(ChainFixture.raw(1), "SG");
        List<Object> fields = preimage(export);
        assertEquals(23, fields.size());
        assertEquals("campaign-ledger/entry/v2", fields.get(0));
        assertEquals("SG", fields.get(22));
        assertTrue(!Chain.link(Chain.GENESIS, Chain.preimage(export))
                .equals(Chain.link(Chain.GENESIS, Chain.preimage(to(ChainFixture.raw(1), "JP")))));
    }

    @Test
    void aChainWithExportsVerifiesAndAChangedDestinationBreaksIt() throws Exception {
        List<SealedEntry> entries = chain(40, "NL", "SG", "JP", "KR");
        Path ndjson = dir.resolve("e.ndjson");
        ChainFixture.writeNdjson(ndjson, entries);
        assertEquals(0, verify(ndjson));
        Path csv = dir.resolve("e.csv");
        ChainFixture.writeCsv(csv, entries);
        assertEquals(0, verify(csv));

        int victim = 7; // seq 8: an export
        SealedEntry e = entries.get(victim);
        assertEquals("EXPORT", e.channel());
        SealedEntry moved = new SealedEntry(e.seq(), e.campaignSeq(), e.id(), e.kind(), e.reverses(), e.partner(),
                e.recordedByPartner(), e.recordedByKeyId(), e.externalRef(), e.campaign(), e.umkm(), e.regionCode(),
                e.channel(), e.amount(), e.currency(), e.fxRateToIdr(), e.amountIdr(), e.occurredAt(),
                e.recordedAt(), e.metadata(), e.reason(), e.hash(), e.campaignHash(),
                e.destinationCountry().equals("DE") ? "FR" : "DE");
        entries.set(victim, moved);
        ChainFixture.writeNdjson(ndjson, entries);
        assertEquals(Main.BROKEN, verify(ndjson));
    }

    @Test
    void anExportWrittenBeforeDestinationsStillReads() throws Exception {
        List<SealedEntry> entries = ChainFixture.entries(10);
        Path ndjson = dir.resolve("v1.ndjson");
        List<String> lines = new ArrayList<>();
        for (SealedEntry e : entries) {
            String line = e.toJsonLine();
            assertTrue(line.contains(",\"destinationCountry\":null"), line);
            lines.add(line.replace(",\"destinationCountry\":null", ""));
        }
        Files.write(ndjson, lines);
        assertEquals(0, verify(ndjson));
        assertEquals(entries.get(3), SealedEntry.fromJsonLine(lines.get(3)));

        Path csv = dir.resolve("v1.csv");
        StringBuilder text = new StringBuilder(Csv.line(SealedEntry.COLUMNS_V1));
        for (SealedEntry e : entries) {
            text.append(Csv.line(e.values().subList(0, SealedEntry.COLUMNS_V1.size())));
        }
        Files.writeString(csv, text);
        assertEquals(0, verify(csv));
    }
}
