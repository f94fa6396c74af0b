package id.campaignledger.partner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Makes API keys and the digests under which they are stored. */
public final class ApiKeys {

    /** Recognisable in logs and secret scanners; the randomness is in the 256 bits after it. */
    static final String KEY_PREFIX = "clk_";
    static final int RANDOM_BYTES = 32;
    static final int SHOWN_PREFIX_LENGTH = 12;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The start of a key, kept so that an operator can tell keys apart without holding them. */
    public static String shownPrefix(String key) {
        return key.substring(0, Math.min(SHOWN_PREFIX_LENGTH, key.length()));
    }

    public static boolean sameKey(byte[] digestA, byte[] digestB) {
        return MessageDigest.isEqual(digestA, digestB);
    }
}
