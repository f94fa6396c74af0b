package id.campaignledger.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The one cursor format of the API: the position after the last item already seen, as its
 * fields joined by '|' and encoded base64url without padding. Opaque to clients; a cursor that
 * does not decode is a 400 naming the {@code cursor} parameter.
 */
public final class Cursor {

    private static final int MAX_LENGTH = 200;

    private Cursor() {
    }

    public static String encode(Object... fields) {
        String raw = String.join("|", Arrays.stream(fields).map(String::valueOf).toList());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's fields, or null when no cursor was sent. */
    public static List<String> decode(String cursor, int fields) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            if (cursor.length() <= MAX_LENGTH) {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                List<String> parts = List.of(raw.split("\\|", -1));
                if (parts.size() == fields) {
                    return parts;
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw invalid();
    }

    /** Decodes a field, turning any failure into the same 400. */
    public static <T> T field(java.util.function.Function<String, T> parse, String value) {
        try {
            return parse.apply(value);
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    private static LedgerException invalid() {
        return LedgerException.invalid("cursor", "is not a cursor this service returned");
    }
}
