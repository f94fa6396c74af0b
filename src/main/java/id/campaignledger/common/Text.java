package id.campaignledger.common;

/**
 * What a human-readable text (a name, a reason, a description) may contain. Text entered here
 * is shown on the dashboard, in exports and in other systems' screens, so it must read the same
 * everywhere: no control characters (which break logs and CSV rows), no bidirectional overrides
 * or isolates (U+202E makes "exe.txt" display as "txt.exe"), no unpaired surrogates (which
 * PostgreSQL would store as '?'), and never only invisible characters (a name of U+200B looks
 * blank in every list).
 */
public final class Text {

    private Text() {
    }

    /** Null when the text is acceptable, otherwise why not; {@code multiline} allows line breaks and tabs. */
    public static String problem(String text, boolean multiline) {
        if (text == null) {
            return null;
        }
        boolean visible = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    visible = true;
                    continue;
                }
                return "must not contain an unpaired surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain an unpaired surrogate";
            }
            if (isBidiControl(c)) {
                return "must not contain bidirectional control characters (U+" + hex(c) + ")";
            }
            if (Character.getType(c) == Character.CONTROL) {
                if (multiline && (c == '\n' || c == '\r' || c == '\t')) {
                    continue;
                }
                return "must not contain control characters (U+" + hex(c) + ")";
            }
            if (!invisible(c)) {
                visible = true;
            }
        }
        return visible || text.isEmpty() ? null : "must contain a visible character";
    }

    /** True when the string has an unpaired UTF-16 surrogate (it cannot be encoded as UTF-8). */
    public static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Embeddings, overrides, isolates and the implicit marks that steer them. */
    static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                || c == '\u061C';
    }

    /** Whitespace and format characters (zero-width space, joiners, word joiner, BOM): nothing shows. */
    static boolean invisible(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT
                || c == '\u3164' || c == '\u115F' || c == '\u1160' || c == '\uFFA0'; // Hangul fillers render blank
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
