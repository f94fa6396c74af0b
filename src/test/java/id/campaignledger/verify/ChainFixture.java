package id.campaignledger.verify;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/** Generated chains for the verifier's tests: entries sealed the way the service seals them. */
final class ChainFixture {

    static final KeyPair KEY = Keys.generate();

    private ChainFixture() {
    }

    /** Entry n of a generated ledger over two campaigns, unsealed. */
    static SealedEntry raw(long n) {
        String campaign = n % 3 == 0 ? "BBI-2023" : "GERNAS";
        String metadata = n % 5 == 0 ? "{\"note\":\"=SUM(A1)\",\"qty\":1.50}" : null;
        String amount = (n % 7 == 3) ? "-" + (1000 + n % 97) + ".25" : (1000 + n % 97) + ".25";
        return new SealedEntry(n, 0, new UUID(0, n).toString(), amount.startsWith("-") ? "REVERSAL" : "SALE",
                amount.startsWith("-") ? new UUID(0, n - 1).toString() : null, "tokopedia", null, null,
                n % 11 == 0 ? "=HYPERLINK(\"x\")" : "ref-" + n, campaign, new UUID(1, n % 50).toString(),
                n % 2 == 0 ? "36.02" : "36.71", "QRIS", amount, "IDR", null, amount,
                Instant.parse("2023-05-01T00:00:00Z").plusSeconds(n * 600).toString().replace("Z", ".000000Z"),
                Instant.parse("2023-05-01T00:00:00Z").plusSeconds(n * 600 + 1).toString().replace("Z", ".123456Z"),
                metadata, n % 13 == 0 ? "koreksi, \"salah\"\nketik" : null, null, null);
    }

    /** Seals entries 1..count and hands each to the sink. */
    static void generate(long count, Consumer<SealedEntry> sink) {
        String previous = Chain.GENESIS;
        Map<String, String> campaignHeads = new HashMap<>();
        Map<String, Long> campaignSeqs = new HashMap<>();
        for (long n = 1; n <= count; n++) {
            SealedEntry e = raw(n);
            long cs = campaignSeqs.merge(e.campaign(), 1L, Long::sum);
            e = new SealedEntry(n, cs, e.id(), e.kind(), e.reverses(), e.partner(), e.recordedByPartner(),
                    e.recordedByKeyId(), e.externalRef(), e.campaign(), e.umkm(), e.regionCode(), e.channel(),
                    e.amount(), e.currency(), e.fxRateToIdr(), e.amountIdr(), e.occurredAt(), e.recordedAt(),
                    e.metadata() == null ? null : Json.canonicalText(e.metadata()), e.reason(), null, null);
            SealedEntry sealed = Chain.seal(e, previous, campaignHeads.getOrDefault(e.campaign(), Chain.GENESIS));
            previous = sealed.hash();
            campaignHeads.put(e.campaign(), sealed.campaignHash());
            sink.accept(sealed);
        }
    }

    static List<SealedEntry> entries(long count) {
        List<SealedEntry> list = new ArrayList<>();
        generate(count, list::add);
        return list;
    }

    /** A checkpoint over the first headSeq entries, signed with {@link #KEY}. */
    static Checkpoint checkpoint(List<SealedEntry> entries, long headSeq) {
        Map<String, Object[]> totals = new TreeMap<>();
        String head = Chain.GENESIS;
        for (SealedEntry e : entries) {
            if (e.seq() > headSeq) {
                break;
            }
            head = e.hash();
            Object[] t = totals.computeIfAbsent(e.campaign(), k -> new Object[] { 0L, null, 0L, BigDecimal.ZERO });
            t[0] = (Long) t[0] + 1;
            t[1] = e.campaignHash();
            t[2] = (Long) t[2] + (e.kind().equals("SALE") ? 1 : 0);
            t[3] = ((BigDecimal) t[3]).add(new BigDecimal(e.amountIdr()));
        }
        List<Checkpoint.CampaignTotals> campaigns = new ArrayList<>();
        totals.forEach((code, t) -> campaigns.add(new Checkpoint.CampaignTotals(code, (Long) t[0], (String) t[1],
                (Long) t[2], ((BigDecimal) t[3]).setScale(2).toPlainString())));
        return new Checkpoint(1, "2026-01-01T00:00:00.000000Z", headSeq, head, Keys.keyId(KEY.getPublic()),
                campaigns, null).signedWith(KEY.getPrivate());
    }

    static void writeNdjson(Path file, List<SealedEntry> entries) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (SealedEntry e : entries) {
                w.write(e.toJsonLine());
                w.write('\n');
            }
        }
    }

    static void writeCsv(Path file, List<SealedEntry> entries) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(Csv.line(SealedEntry.COLUMNS));
            for (SealedEntry e : entries) {
                w.write(Csv.line(e.values()));
            }
        }
    }
}
