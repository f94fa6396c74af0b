package id.campaignledger.verify;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small JSON reader and canonical writer, JDK only, so that the verifier needs no library and
 * the service and the verifier encode values with the same code.
 *
 * <p>Values: {@code Map<String, Object>} (sorted), {@code List<Object>}, {@link String},
 * {@link Number} lexemes as {@link JsonNumber}, {@link Boolean} and {@code null}. Numbers keep
 * their lexeme ("1.50" stays "1.50"): a canonical form must not depend on a float conversion.
 *
 * <p>Canonical text: no whitespace, object keys sorted by UTF-16 code units (as RFC 8785),
 * strings escaped only where JSON requires it (quote, backslash, control characters as
 * backslash-b, -f, -n, -r, -t or backslash-u00xx with lowercase hex), everything else as UTF-8.
 */
public final class Json {

    /** A number as its lexeme. */
    public record JsonNumber(String lexeme) {
        @Override
        public String toString() {
            return lexeme;
        }
    }

    private Json() {
    }

    /** Parses one JSON value; anything but whitespace after it is an error. */
    public static Object parse(String text) {
        return new JsonReader(text).document();
    }

    /** The canonical text of a value (see the class comment). */
    public static String canonical(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    /** Re-encodes JSON text canonically; null stays null. */
    public static String canonicalText(String json) {
        return json == null ? null : canonical(parse(json));
    }

    public static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof JsonNumber n) {
            out.append(n.lexeme());
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Number n) {
            out.append(n);
        } else if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put((String) k, v));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, e.getKey());
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    public static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
