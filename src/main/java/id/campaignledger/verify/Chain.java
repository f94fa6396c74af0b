package id.campaignledger.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Canonical encoding v1 of an entry and the chain hash over it (docs/verification.md).
 *
 * <p>The preimage is the UTF-8 of a canonical JSON array of strings and nulls: the version tag
 * "campaign-ledger/entry/v1", then seq, campaignSeq, id, kind, reverses, partner,
 * recordedByPartner, recordedByKeyId, externalRef, campaign, umkm, regionCode, channel, amount,
 * currency, fxRateToIdr, amountIdr, occurredAt, recordedAt, metadata, reason. A JSON array makes
 * field boundaries unambiguous (no field can imitate a separator) and is easy to rebuild in any
 * language. Encoding v2 ("campaign-ledger/entry/v2") appends destinationCountry and is used only
 * for entries that have a destination, so the hashes of all other entries are those of v1.
 *
 * <p>{@code hash = SHA-256(previous hash, 32 bytes || preimage)} along the whole ledger (by seq),
 * and {@code campaignHash} the same along the campaign's own entries (by campaignSeq), so that one
 * campaign's export can be verified without the others. Both chains start from 32 zero bytes.
 */
public final class Chain {

    public static final String VERSION = "campaign-ledger/entry/v1";
    /** v1's fields and then destinationCountry: used for the entries that have a destination. */
    public static final String VERSION_2 = "campaign-ledger/entry/v2";
    public static final String GENESIS = "0".repeat(64);

    private Chain() {
    }

    /**
     * v1 for an entry without a destination, so every entry sealed before destinations existed
     * keeps its hash; v2 (v1's fields, then destinationCountry) for an entry with one.
     */
    public static byte[] preimage(SealedEntry e) {
        boolean v2 = e.destinationCountry() != null;
        List<String> fields = new ArrayList<>(Arrays.asList(v2 ? VERSION_2 : VERSION, Long.toString(e.seq()),
                Long.toString(e.campaignSeq()), e.id(), e.kind(), e.reverses(), e.partner(), e.recordedByPartner(),
                e.recordedByKeyId(), e.externalRef(), e.campaign(), e.umkm(), e.regionCode(), e.channel(), e.amount(),
                e.currency(), e.fxRateToIdr(), e.amountIdr(), e.occurredAt(), e.recordedAt(), e.metadata(),
                e.reason()));
        if (v2) {
            fields.add(e.destinationCountry());
        }
        return Json.canonical(fields).getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256(previous || preimage) as 64 lowercase hex digits. */
    public static String link(String previousHex, byte[] preimage) {
        MessageDigest sha = sha256();
        sha.update(HexFormat.of().parseHex(previousHex));
        sha.update(preimage);
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The entry with both hashes computed from the two previous hashes. */
    public static SealedEntry seal(SealedEntry e, String previous, String campaignPrevious) {
        byte[] pre = preimage(e);
        return e.withHashes(link(previous, pre), link(campaignPrevious, pre));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
