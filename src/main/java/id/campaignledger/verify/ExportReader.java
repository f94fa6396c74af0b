package id.campaignledger.verify;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Entries of an export, one at a time, in bounded memory: NDJSON (a JSON object per line) or CSV
 * (a header row of {@link SealedEntry#COLUMNS}, then one row per entry). The format is told by
 * the first character: '{' is NDJSON.
 */
public final class ExportReader implements Closeable {

    private final BufferedReader in;
    private final boolean ndjson;
    private final Csv.RecordReader csv;
    private long line;

    public ExportReader(BufferedReader in) throws IOException {
        this.in = in;
        in.mark(1);
        int first = in.read();
        in.reset();
        this.ndjson = first == '{' || first == -1;
        if (ndjson) {
            csv = null;
        } else {
            csv = new Csv.RecordReader(in);
            List<String> header = csv.next();
            if (!SealedEntry.COLUMNS.equals(header) && !SealedEntry.COLUMNS_V1.equals(header)) {
                throw new IOException("CSV: the header row is not " + String.join(",", SealedEntry.COLUMNS));
            }
        }
    }

    public String format() {
        return ndjson ? "NDJSON" : "CSV";
    }

    /** Line (NDJSON) or record start line (CSV) of the entry last read, for messages. */
    public long line() {
        return line;
    }

    /** The next entry, or null at the end. A malformed record is an IOException naming its line. */
    public SealedEntry next() throws IOException {
        if (ndjson) {
            String text;
            do {
                text = in.readLine();
                line++;
                if (text == null) {
                    return null;
                }
            } while (text.isBlank());
            try {
                return SealedEntry.fromJsonLine(text);
            } catch (IllegalArgumentException e) {
                throw new IOException("line " + line + ": " + e.getMessage(), e);
            }
        }
        line = csv.line();
        List<String> fields = csv.next();
        if (fields == null) {
            return null;
        }
        try {
            return SealedEntry.of(fields);
        } catch (IllegalArgumentException e) {
            throw new IOException("CSV record at line " + line + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
