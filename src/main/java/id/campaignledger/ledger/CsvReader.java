package id.campaignledger.ledger;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads RFC 4180 records one at a time (quoted fields may hold commas, quotes and line breaks),
 * remembering the line each record starts on so that results can name it as a spreadsheet does.
 */
final class CsvReader {

    static final int MAX_FIELD_CHARS = 16_384;
    static final int MAX_FIELDS = 64;

    private final Reader in;
    private final Deque<Integer> pushedBack = new ArrayDeque<>(2);
    private long line = 1;
    private long recordLine;

    CsvReader(Reader in) {
        this.in = in;
    }

    /** The line on which the record last returned by {@link #next()} starts. */
    long recordLine() {
        return recordLine;
    }

    /** The next non-blank record, or null at the end of the input. */
    List<String> next() throws IOException {
        while (true) {
            recordLine = line;
            int c = read();
            if (c == -1) {
                return null;
            }
            if (c == '\n') {
                continue; // a blank line
            }
            unread(c);
            return record();
        }
    }

    private List<String> record() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            int c = read();
            if (quoted) {
                if (c == -1) {
                    throw new CsvFormatException(recordLine, "a quoted field is not closed");
                }
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        append(field, '"');
                    } else {
                        quoted = false;
                        unread(next);
                    }
                } else {
                    append(field, (char) c);
                }
                continue;
            }
            if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',' || c == '\n' || c == -1) {
                fields.add(field.toString());
                if (fields.size() > MAX_FIELDS) {
                    throw new CsvFormatException(recordLine, "a row has more than " + MAX_FIELDS + " fields");
                }
                if (c != ',') {
                    return fields;
                }
                field.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted) {
                throw new CsvFormatException(recordLine, "text follows a closing quote");
            } else {
                append(field, (char) c);
            }
        }
    }

    private void append(StringBuilder field, char c) {
        if (field.length() >= MAX_FIELD_CHARS) {
            throw new CsvFormatException(recordLine, "a field is longer than " + MAX_FIELD_CHARS + " characters");
        }
        field.append(c);
    }

    /** Reads one character, turning CRLF and lone CR into LF and counting lines. */
    private int read() throws IOException {
        int c = pushedBack.isEmpty() ? in.read() : pushedBack.pop();
        if (c == '\r') {
            int next = pushedBack.isEmpty() ? in.read() : pushedBack.pop();
            if (next != '\n' && next != -1) {
                pushedBack.push(next);
            }
            c = '\n';
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private void unread(int c) {
        pushedBack.push(c);
        if (c == '\n') {
            line--;
        }
    }

    static final class CsvFormatException extends RuntimeException {
        final long line;

        CsvFormatException(long line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }
}
