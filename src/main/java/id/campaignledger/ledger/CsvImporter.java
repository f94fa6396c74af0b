package id.campaignledger.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.campaignledger.common.LedgerException;
import id.campaignledger.common.ProblemType;
import id.campaignledger.common.Problems;
import id.campaignledger.ledger.LedgerRecords.ImportLineResult;
import id.campaignledger.ledger.LedgerRecords.ImportResult;
import id.campaignledger.partner.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Spreadsheet upload: the file is read as a stream and posted in chunks through the same path as
 * a batch, each chunk in its own transaction, so a large file never sits in memory as objects.
 */
@ApplicationScoped
public class CsvImporter {

    static final int CHUNK = 1000;
    /** Rows the synchronous import takes; larger files go to import jobs (POST /api/v1/imports). */
    public static final int SYNC_ROW_LIMIT = 10_000;
    static final List<String> COLUMNS = List.of("externalRef", "campaign", "umkmId", "nib", "amount", "currency",
            "fxRateToIdr", "channel", "occurredAt", "metadata", "destinationCountry");
    static final Set<String> REQUIRED = Set.of("externalRef", "campaign", "amount", "currency", "channel",
            "occurredAt");

    @Inject
    PostingService posting;

    @Inject
    ItemReader reader;

    @Inject
    ObjectMapper json;

    @Inject
    LedgerMetrics metrics;

    @Inject
    id.campaignledger.partner.RateLimiter limiter;

    /** A row read: its line in the file and its candidate. */
    record Row(long line, Candidate candidate) {
    }

    public ImportResult importCsv(Caller caller, InputStream body) {
        CsvReader csv = new CsvReader(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8
                .newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024));
        List<ImportLineResult> results = new ArrayList<>();
        try {
            List<String> header = header(csv);
            // Read to the end (at most SYNC_ROW_LIMIT rows) before posting anything, so a file over
            // the limit writes nothing and the answer stays bounded in size.
            List<Row> rows = new ArrayList<>();
            List<String> fields;
            while (true) {
                try {
                    fields = csv.next();
                } catch (CsvReader.CsvFormatException e) {
                    // The rest of the file cannot be split into rows reliably: report the row and stop.
                    rows.add(new Row(e.line, Candidate.refused(Problems.invalid("line", e.getMessage()))));
                    fields = null;
                }
                if (fields == null) {
                    break;
                }
                if (rows.size() == SYNC_ROW_LIMIT) {
                    throw new LedgerException(ProblemType.PAYLOAD_TOO_LARGE, "This import takes at most "
                            + SYNC_ROW_LIMIT + " rows; upload larger files to /api/v1/imports, which works"
                            + " through them as an import job.");
                }
                rows.add(row(csv.recordLine(), header, fields));
            }
            // Charged like the same rows sent as batches: the access check took the first 1,000.
            for (int more = (rows.size() - 1) / CHUNK; more > 0; more--) {
                limiter.charge(caller, "import");
            }
            for (int from = 0; from < rows.size(); from += CHUNK) {
                post(caller, new ArrayList<>(rows.subList(from, Math.min(rows.size(), from + CHUNK))), results);
            }
        } catch (CharacterCodingException e) {
            throw new LedgerException(ProblemType.MALFORMED_REQUEST, "The file is not valid UTF-8 text.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (results.isEmpty()) {
            throw new LedgerException(ProblemType.VALIDATION, "The file has a header row but no data rows.");
        }
        metrics.imported(results.size());
        return LedgerRecords.summarise(results, ImportLineResult::status, ImportResult::new);
    }

    // ---- hooks for import jobs (imports/): reading an upload into chunks, posting a chunk ------

    /** One data row of an upload: its fields, or why it could not be split into fields. */
    public record Line(long line, List<String> fields, String problem) {
    }

    /** Receives the header and each chunk of rows as an upload is read. */
    public interface ChunkSink {
        void accept(List<String> header, List<Line> chunk);
    }

    /**
     * Reads an upload as a stream: checks the header, then hands rows to the sink in chunks of
     * {@code chunkSize}. Returns the number of data rows. Never holds more than one chunk.
     */
    public long readChunks(InputStream body, int chunkSize, ChunkSink sink) {
        CsvReader csv = new CsvReader(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8
                .newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024));
        long rows = 0;
        try {
            List<String> header = header(csv);
            List<Line> chunk = new ArrayList<>(chunkSize);
            while (true) {
                List<String> fields;
                try {
                    fields = csv.next();
                } catch (CsvReader.CsvFormatException e) {
                    chunk.add(new Line(e.line, null, e.getMessage()));
                    rows++;
                    break; // the rest of the file cannot be split into rows reliably
                }
                if (fields == null) {
                    break;
                }
                chunk.add(new Line(csv.recordLine(), fields, null));
                rows++;
                if (chunk.size() == chunkSize) {
                    sink.accept(header, chunk);
                    chunk = new ArrayList<>(chunkSize);
                }
            }
            if (!chunk.isEmpty()) {
                sink.accept(header, chunk);
            }
        } catch (CharacterCodingException e) {
            throw new LedgerException(ProblemType.MALFORMED_REQUEST, "The file is not valid UTF-8 text.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rows == 0) {
            throw new LedgerException(ProblemType.VALIDATION, "The file has a header row but no data rows.");
        }
        return rows;
    }

    /** Posts one chunk inside the caller's transaction (the job's progress commits with it). */
    public List<ImportLineResult> postJoined(Caller caller, List<String> header, List<Line> lines) {
        List<Row> rows = lines.stream().map(l -> l.problem() != null
                ? new Row(l.line(), Candidate.refused(Problems.invalid("line", l.problem())))
                : row(l.line(), header, l.fields())).toList();
        List<Outcome> outcomes = posting.postChunkJoined(caller, rows.stream().map(Row::candidate).toList());
        List<ImportLineResult> results = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Outcome o = outcomes.get(i);
            results.add(new ImportLineResult(rows.get(i).line(), o.status(), o.id(), o.problem()));
        }
        metrics.imported(results.size());
        return results;
    }

    private void post(Caller caller, List<Row> chunk, List<ImportLineResult> results) {
        if (chunk.isEmpty()) {
            return;
        }
        List<Outcome> outcomes = posting.postChunk(caller, chunk.stream().map(Row::candidate).toList());
        for (int i = 0; i < chunk.size(); i++) {
            Outcome o = outcomes.get(i);
            results.add(new ImportLineResult(chunk.get(i).line(), o.status(), o.id(), o.problem()));
        }
        chunk.clear();
    }

    private static List<String> header(CsvReader csv) throws IOException {
        List<String> header;
        try {
            header = csv.next();
        } catch (CsvReader.CsvFormatException e) {
            throw new LedgerException(ProblemType.VALIDATION, "The header row cannot be read: " + e.getMessage());
        }
        if (header == null) {
            throw new LedgerException(ProblemType.VALIDATION, "The file is empty; it needs a header row naming "
                    + String.join(",", COLUMNS) + ".");
        }
        List<String> names = header.stream().map(h -> h.replace("\uFEFF", "").strip()).toList();
        List<String> unknown = names.stream().filter(n -> !COLUMNS.contains(n)).toList();
        List<String> missing = REQUIRED.stream().filter(n -> !names.contains(n)).sorted().toList();
        if (!unknown.isEmpty() || !missing.isEmpty() || names.stream().distinct().count() != names.size()
                || !(names.contains("umkmId") || names.contains("nib"))) {
            throw new LedgerException(ProblemType.VALIDATION, "The header row must name the columns "
                    + String.join(",", COLUMNS) + " (umkmId or nib; fxRateToIdr, metadata and destinationCountry optional), each once."
                    + (unknown.isEmpty() ? "" : " Unknown: " + String.join(",", unknown) + ".")
                    + (missing.isEmpty() ? "" : " Missing: " + String.join(",", missing) + "."));
        }
        return names;
    }

    private Row row(long line, List<String> header, List<String> fields) {
        if (fields.size() != header.size()) {
            return new Row(line, Candidate.refused(Problems.invalid("line",
                    "has " + fields.size() + " fields where the header has " + header.size())));
        }
        ObjectNode item = json.createObjectNode();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            String value = fields.get(i);
            if (value.isEmpty()) {
                continue;
            }
            if (name.equals("metadata")) {
                try {
                    item.set(name, json.readTree(value));
                } catch (JsonProcessingException e) {
                    return new Row(line, Candidate.refused(Problems.invalid("metadata", "is not valid JSON")));
                }
            } else {
                item.put(name, value);
            }
        }
        return new Row(line, reader.read(item));
    }
}
