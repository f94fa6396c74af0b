package id.campaignledger.verify;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV of exports (RFC 4180, CRLF line ends). A null is an empty unquoted field, an empty string
 * the quoted field {@code ""}. A field starting with = + - @ tab CR or ' gets a ' in front, so a
 * spreadsheet never runs it as a formula (an external reference or a reason could carry one);
 * the reader takes exactly that one ' off again, so the verifier hashes the original text.
 */
public final class Csv {

    /** The longest field the reader accepts: entries are bounded far below it. */
    static final int MAX_FIELD = 64 * 1024;

    private Csv() {
    }

    public static String line(List<String> values) {
        StringBuilder out = new StringBuilder(512);
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            field(out, values.get(i));
        }
        return out.append("\r\n").toString();
    }

    static void field(StringBuilder out, String value) {
        if (value == null) {
            return;
        }
        String v = neutralise(value);
        if (v.isEmpty() || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
                || v.indexOf('\r') >= 0) {
            out.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
            out.append(v);
        }
    }

    static String neutralise(String v) {
        if (v.isEmpty()) {
            return v;
        }
        char c = v.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\'' ? "'" + v : v;
    }

    /** Reads records one at a time from a character stream. */
    public static final class RecordReader {
        private final Reader in;
        private int pushedBack = -2;
        private long line = 1;

        public RecordReader(Reader in) {
            this.in = in;
        }

        public long line() {
            return line;
        }

        /** The next record's fields, or null at the end. */
        public List<String> next() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            unread(c);
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            while (true) {
                field.setLength(0);
                boolean quoted = false;
                c = read();
                if (c == '"') {
                    quoted = true;
                    while (true) {
                        c = read();
                        if (c == -1) {
                            throw new IOException("CSV: unterminated quoted field at line " + line);
                        }
                        if (c == '"') {
                            int d = read();
                            if (d == '"') {
                                field.append('"');
                                continue;
                            }
                            c = d;
                            break;
                        }
                        if (c == '\n') {
                            line++;
                        }
                        append(field, c);
                    }
                } else {
                    while (c != ',' && c != '\r' && c != '\n' && c != -1) {
                        append(field, c);
                        c = read();
                    }
                }
                fields.add(!quoted && field.length() == 0 ? null : restore(field.toString()));
                if (c == ',') {
                    continue;
                }
                if (c == '\r') {
                    int d = read();
                    if (d != '\n') {
                        unread(d);
                    }
                    line++;
                    return fields;
                }
                if (c == '\n') {
                    line++;
                    return fields;
                }
                if (c == -1) {
                    return fields;
                }
                throw new IOException("CSV: unexpected character after a quoted field at line " + line);
            }
        }

        private static void append(StringBuilder field, int c) throws IOException {
            if (field.length() >= MAX_FIELD) {
                throw new IOException("CSV: a field is longer than " + MAX_FIELD + " characters");
            }
            field.append((char) c);
        }

        private static String restore(String v) {
            return v.startsWith("'") ? v.substring(1) : v;
        }

        private int read() throws IOException {
            if (pushedBack != -2) {
                int c = pushedBack;
                pushedBack = -2;
                return c;
            }
            return in.read();
        }

        private void unread(int c) {
            pushedBack = c;
        }
    }
}
