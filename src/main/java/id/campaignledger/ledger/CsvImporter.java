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
    static final List<String> COLUMNS = List.of("externalRef", "campaign", "umkmId", "nib", "amount", "currency",
            "fxRateToIdr", "channel", "occurredAt", "metadata");
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
            List<Row> chunk = new ArrayList<>(CHUNK);
            List<String> fields;
            while (true) {
                try {
                    fields = csv.next();
                } catch (CsvReader.CsvFormatException e) {
                    // The rest of the file cannot be split into rows reliably: report the row and stop.
                    chunk.add(new Row(e.line, Candidate.refused(Problems.invalid("line", e.getMessage()))));
                    fields = null;
                }
                if (fields == null) {
                    break;
                }
                chunk.add(row(csv.recordLine(), header, fields));
                if (chunk.size() == CHUNK) {
                    post(caller, chunk, results);
                }
            }
            post(caller, chunk, results);
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
                    + String.join(",", COLUMNS) + " (umkmId or nib; fxRateToIdr and metadata optional), each once."
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
