package id.campaignledger.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ledger entry with its place in the chain, every field as the text that is hashed. This is
 * the row of an export (NDJSON or CSV) and the input of {@link Chain}; the service builds it from
 * the database, the verifier from the export, so both hash exactly the same strings.
 *
 * <p>Field formats: amounts and the FX rate as plain decimals with the database's scale
 * ("1500000.00", "15500.0000000000"); instants in UTC with microseconds
 * ("2023-05-01T03:04:05.123456Z"); metadata as canonical JSON text ({@link Json}); absent values
 * are null. {@code destinationCountry} (an export's destination, ISO 3166-1 alpha-2) came after
 * the first exports: it is the last column, and an export written before it (without the column or
 * key) reads as null.
 */
public record SealedEntry(long seq, long campaignSeq, String id, String kind, String reverses, String partner,
        String recordedByPartner, String recordedByKeyId, String externalRef, String campaign, String umkm,
        String regionCode, String channel, String amount, String currency, String fxRateToIdr, String amountIdr,
        String occurredAt, String recordedAt, String metadata, String reason, String hash, String campaignHash,
        String destinationCountry) {

    /** Export columns of encoding v1 exports, before destinations. */
    public static final List<String> COLUMNS_V1 = List.of("seq", "campaignSeq", "id", "kind", "reverses", "partner",
            "recordedByPartner", "recordedByKeyId", "externalRef", "campaign", "umkm", "regionCode", "channel",
            "amount", "currency", "fxRateToIdr", "amountIdr", "occurredAt", "recordedAt", "metadata", "reason",
            "hash", "campaignHash");

    /** Export column names, in order; also the keys of an NDJSON line. */
    public static final List<String> COLUMNS = java.util.stream.Stream.concat(COLUMNS_V1.stream(),
            java.util.stream.Stream.of("destinationCountry")).toList();

    /** An entry without a destination (every entry of encoding v1). */
    public SealedEntry(long seq, long campaignSeq, String id, String kind, String reverses, String partner,
            String recordedByPartner, String recordedByKeyId, String externalRef, String campaign, String umkm,
            String regionCode, String channel, String amount, String currency, String fxRateToIdr, String amountIdr,
            String occurredAt, String recordedAt, String metadata, String reason, String hash, String campaignHash) {
        this(seq, campaignSeq, id, kind, reverses, partner, recordedByPartner, recordedByKeyId, externalRef,
                campaign, umkm, regionCode, channel, amount, currency, fxRateToIdr, amountIdr, occurredAt, recordedAt,
                metadata, reason, hash, campaignHash, null);
    }

    /** The same entry with its chain hashes set. */
    public SealedEntry withHashes(String newHash, String newCampaignHash) {
        return new SealedEntry(seq, campaignSeq, id, kind, reverses, partner, recordedByPartner, recordedByKeyId,
                externalRef, campaign, umkm, regionCode, channel, amount, currency, fxRateToIdr, amountIdr,
                occurredAt, recordedAt, metadata, reason, newHash, newCampaignHash, destinationCountry);
    }

    /** The same entry at another place in the chain, not yet hashed there. */
    public SealedEntry at(long newSeq, long newCampaignSeq) {
        return new SealedEntry(newSeq, newCampaignSeq, id, kind, reverses, partner, recordedByPartner,
                recordedByKeyId, externalRef, campaign, umkm, regionCode, channel, amount, currency, fxRateToIdr,
                amountIdr, occurredAt, recordedAt, metadata, reason, null, null, destinationCountry);
    }

    /** Column values as text, in {@link #COLUMNS} order (null where absent). */
    public List<String> values() {
        List<String> v = new ArrayList<>(COLUMNS.size());
        v.add(Long.toString(seq));
        v.add(Long.toString(campaignSeq));
        v.add(id);
        v.add(kind);
        v.add(reverses);
        v.add(partner);
        v.add(recordedByPartner);
        v.add(recordedByKeyId);
        v.add(externalRef);
        v.add(campaign);
        v.add(umkm);
        v.add(regionCode);
        v.add(channel);
        v.add(amount);
        v.add(currency);
        v.add(fxRateToIdr);
        v.add(amountIdr);
        v.add(occurredAt);
        v.add(recordedAt);
        v.add(metadata);
        v.add(reason);
        v.add(hash);
        v.add(campaignHash);
        v.add(destinationCountry);
        return v;
    }

    /** Builds an entry from column values in {@link #COLUMNS} order ({@link #COLUMNS_V1} for a v1 export). */
    public static SealedEntry of(List<String> v) {
        if (v.size() != COLUMNS.size() && v.size() != COLUMNS_V1.size()) {
            throw new IllegalArgumentException("expected " + COLUMNS.size() + " fields, found " + v.size());
        }
        return new SealedEntry(number(v.get(0), "seq"), number(v.get(1), "campaignSeq"), v.get(2), v.get(3),
                v.get(4), v.get(5), v.get(6), v.get(7), v.get(8), v.get(9), v.get(10), v.get(11), v.get(12),
                v.get(13), v.get(14), v.get(15), v.get(16), v.get(17), v.get(18), Json.canonicalText(v.get(19)),
                v.get(20), v.get(21), v.get(22), v.size() > COLUMNS_V1.size() ? v.get(23) : null);
    }

    /** One NDJSON line: a canonical JSON object, metadata as a JSON object rather than text. */
    public String toJsonLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        List<String> v = values();
        for (int i = 0; i < COLUMNS.size(); i++) {
            line.put(COLUMNS.get(i), v.get(i));
        }
        line.put("seq", new Json.JsonNumber(Long.toString(seq)));
        line.put("campaignSeq", new Json.JsonNumber(Long.toString(campaignSeq)));
        line.put("metadata", metadata == null ? null : new Raw(metadata));
        StringBuilder out = new StringBuilder(512);
        out.append('{');
        boolean first = true;
        for (String key : COLUMNS) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Json.string(out, key);
            out.append(':');
            Object value = line.get(key);
            if (value instanceof Raw raw) {
                out.append(raw.json());
            } else {
                Json.write(out, value);
            }
        }
        return out.append('}').toString();
    }

    /** Parses one NDJSON line (keys in any order; a missing key is an error, but for destinationCountry). */
    @SuppressWarnings("unchecked")
    public static SealedEntry fromJsonLine(String line) {
        Object parsed = Json.parse(line);
        if (!(parsed instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("a line is not a JSON object");
        }
        Map<String, Object> map = (Map<String, Object>) parsed;
        List<String> v = new ArrayList<>(COLUMNS.size());
        for (String key : COLUMNS) {
            if (!map.containsKey(key) && !COLUMNS_V1.contains(key)) {
                v.add(null); // a line of an export written before destinations
                continue;
            }
            if (!map.containsKey(key)) {
                throw new IllegalArgumentException("the line has no \"" + key + "\"");
            }
            Object value = map.get(key);
            if (value == null) {
                v.add(null);
            } else if (key.equals("metadata")) {
                v.add(Json.canonical(value));
            } else if (value instanceof String || value instanceof Json.JsonNumber) {
                v.add(value.toString());
            } else {
                throw new IllegalArgumentException("\"" + key + "\" is not a string");
            }
        }
        return of(v);
    }

    private record Raw(String json) {
    }

    private static long number(String text, String name) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(name + " is not a whole number: " + text);
        }
    }
}
