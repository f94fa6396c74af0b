package id.campaignledger.common;

/**
 * Cells of every CSV the service writes. A cell a spreadsheet would run as a formula
 * ({@code =HYPERLINK(...)}, {@code =cmd|...}, {@code +}, {@code -}, {@code @}, or one of those
 * after a tab or carriage return) is prefixed with an apostrophe, which spreadsheets show as
 * text (OWASP's advice for CSV injection); then the cell is quoted as RFC 4180 says.
 */
public final class CsvCells {

    private CsvCells() {
    }

    /** The cell as written: neutralised, quoted when it must be; null is an empty cell. */
    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = neutralise(value);
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

    /** One line of cells, ended by CRLF. */
    public static String line(String... values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(values[i]));
        }
        return out.append("\r\n").toString();
    }

    static String neutralise(String value) {
        char first = value.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + value;
        }
        return value;
    }
}
