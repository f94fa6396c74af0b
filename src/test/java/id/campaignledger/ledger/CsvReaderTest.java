package id.campaignledger.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws IOException {
        CsvReader csv = new CsvReader(new StringReader("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",x,\n"));
        assertEquals(List.of("a", "b,c", "say \"hi\""), csv.next());
        assertEquals(1, csv.recordLine());
        assertEquals(List.of("multi\nline", "x", ""), csv.next());
        assertEquals(2, csv.recordLine());
        assertNull(csv.next());
    }

    @Test
    void blankLinesAreSkippedButCounted() throws IOException {
        CsvReader csv = new CsvReader(new StringReader("h\n\n\r\nv\r\rw"));
        assertEquals(List.of("h"), csv.next());
        assertEquals(List.of("v"), csv.next());
        assertEquals(4, csv.recordLine());
        assertEquals(List.of("w"), csv.next());
        assertEquals(6, csv.recordLine());
    }

    @Test
    void anUnclosedQuoteIsReportedAtTheLineItStarts() throws IOException {
        CsvReader csv = new CsvReader(new StringReader("ok\n\"never closed,\nmore\n"));
        csv.next();
        CsvReader.CsvFormatException e = assertThrows(CsvReader.CsvFormatException.class, csv::next);
        assertEquals(2, e.line);
    }

    @Test
    void fieldsAndRowsAreBounded() {
        CsvReader wide = new CsvReader(new StringReader(",".repeat(CsvReader.MAX_FIELDS + 1)));
        assertThrows(CsvReader.CsvFormatException.class, wide::next);
        CsvReader longField = new CsvReader(new StringReader("x".repeat(CsvReader.MAX_FIELD_CHARS + 1)));
        assertThrows(CsvReader.CsvFormatException.class, longField::next);
    }
}
