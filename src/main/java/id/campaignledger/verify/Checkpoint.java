package id.campaignledger.verify;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A signed checkpoint: the chain head after {@code headSeq} sealed entries and, per campaign,
 * the totals of its sealed entries. The document is canonical JSON ({@link Json}); the signature
 * is Ed25519 over the canonical text of the document without its "signature" member, so the
 * document can be stored, served and verified byte for byte.
 */
public record Checkpoint(long seq, String createdAt, long headSeq, String headHash, String keyId,
        List<CampaignTotals> campaigns, String signature) {

    public static final String FORMAT = "campaign-ledger/checkpoint/v1";

    /** A campaign's sealed entries: how many (its campaignSeq head), its chain head, sales and IDR sum. */
    public record CampaignTotals(String campaign, long entries, String headHash, long sales, String amountIdr) {
    }

    public CampaignTotals campaign(String code) {
        return campaigns.stream().filter(c -> c.campaign().equals(code)).findFirst().orElse(null);
    }

    /** The signed text: canonical JSON of every member but the signature. */
    public byte[] payload() {
        return Json.canonical(members(false)).getBytes(StandardCharsets.UTF_8);
    }

    /** The whole document, signature included, as canonical JSON. */
    public String document() {
        return Json.canonical(members(true));
    }

    public Checkpoint signedWith(PrivateKey key) {
        Checkpoint unsigned = new Checkpoint(seq, createdAt, headSeq, headHash, keyId, campaigns, null);
        return new Checkpoint(seq, createdAt, headSeq, headHash, keyId, campaigns, Keys.sign(key, unsigned.payload()));
    }

    /** True when the signature is the given key's over this checkpoint and the key ids agree. */
    public boolean signatureValid(PublicKey key) {
        return signature != null && Keys.keyId(key).equals(keyId) && Keys.verify(key, payload(), signature);
    }

    private Map<String, Object> members(boolean withSignature) {
        Map<String, Object> m = new TreeMap<>();
        m.put("format", FORMAT);
        m.put("seq", new Json.JsonNumber(Long.toString(seq)));
        m.put("createdAt", createdAt);
        m.put("headSeq", new Json.JsonNumber(Long.toString(headSeq)));
        m.put("headHash", headHash);
        m.put("keyId", keyId);
        List<Object> list = new ArrayList<>();
        for (CampaignTotals c : campaigns) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("campaign", c.campaign());
            cm.put("entries", new Json.JsonNumber(Long.toString(c.entries())));
            cm.put("headHash", c.headHash());
            cm.put("sales", new Json.JsonNumber(Long.toString(c.sales())));
            cm.put("amountIdr", c.amountIdr());
            list.add(cm);
        }
        m.put("campaigns", list);
        if (withSignature) {
            m.put("signature", signature);
        }
        return m;
    }

    /** Reads a checkpoint document; refuses one of another format or with missing members. */
    @SuppressWarnings("unchecked")
    public static Checkpoint parse(String document) {
        Object parsed = Json.parse(document);
        if (!(parsed instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("a checkpoint is a JSON object");
        }
        Map<String, Object> m = (Map<String, Object>) parsed;
        if (!FORMAT.equals(m.get("format"))) {
            throw new IllegalArgumentException("not a " + FORMAT + " document");
        }
        List<CampaignTotals> campaigns = new ArrayList<>();
        Object list = m.get("campaigns");
        if (!(list instanceof List<?>)) {
            throw new IllegalArgumentException("checkpoint: \"campaigns\" is not a list");
        }
        for (Object o : (List<Object>) list) {
            Map<String, Object> c = (Map<String, Object>) o;
            campaigns.add(new CampaignTotals(text(c, "campaign"), number(c, "entries"), text(c, "headHash"),
                    number(c, "sales"), text(c, "amountIdr")));
        }
        return new Checkpoint(number(m, "seq"), text(m, "createdAt"), number(m, "headSeq"), text(m, "headHash"),
                text(m, "keyId"), campaigns, (String) m.get("signature"));
    }

    private static String text(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof String s)) {
            throw new IllegalArgumentException("checkpoint: \"" + key + "\" is missing or not a string");
        }
        return s;
    }

    private static long number(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Json.JsonNumber n)) {
            throw new IllegalArgumentException("checkpoint: \"" + key + "\" is missing or not a number");
        }
        return Long.parseLong(n.lexeme());
    }
}
