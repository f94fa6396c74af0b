package id.campaignledger.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvCellsTest {

    @Test
    void formulasAreWrittenAsText() {
        assertEquals("'=HYPERLINK(\"\"http://x\"\")", CsvCells.cell("=HYPERLINK(\"http://x\")").replaceAll("^\"|\"$", ""));
        assertEquals("'=cmd|' /C calc'!A0", CsvCells.cell("=cmd|' /C calc'!A0"));
        assertEquals("'+1+1", CsvCells.cell("+1+1"));
        assertEquals("'-2+3", CsvCells.cell("-2+3"));
        assertEquals("'@SUM(A1)", CsvCells.cell("@SUM(A1)"));
        assertEquals("\"'\t=1\"".replace("\"", ""), CsvCells.cell("\t=1"));
    }

    @Test
    void ordinaryCellsStayAsTheyAreAndSeparatorsAreQuoted() {
        assertEquals("sale-1", CsvCells.cell("sale-1"));
        assertEquals("\"a,b\"", CsvCells.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvCells.cell("say \"hi\""));
        assertEquals("", CsvCells.cell(null));
        assertEquals("a,'=1,\"x\ny\"\r\n", CsvCells.line("a", "=1", "x\ny"));
    }
}
