package dev.switchboard.routing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: comma-separated fields; a field that starts with a quote may hold commas, line breaks
 * and {@code ""} (one quote). Accepts LF and CRLF line ends; a missing final line end is fine. Blank lines are
 * skipped.
 */
final class CsvReader {
    private CsvReader() {
    }

    /** Every record of {@code in} as its list of fields. */
    static List<List<String>> readAll(Reader in) {
        try {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<List<String>> parse(Reader in) throws IOException {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;      // inside a quoted field
        boolean wasQuoted = false;   // the current field was quoted (so an empty one still counts)
        int line = 1;
        int c;
        while ((c = in.read()) != -1) {
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
            } else if (ch == '"') {
                if (field.length() > 0) {
                    throw new IllegalArgumentException("line " + line + ": quote inside an unquoted field");
                }
                quoted = true;
                wasQuoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                endRecord(records, fields, field, wasQuoted);
                fields = new ArrayList<>();
                field.setLength(0);
                wasQuoted = false;
                line++;
            } else {
                if (wasQuoted) {
                    throw new IllegalArgumentException("line " + line + ": text after a closing quote");
                }
                field.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + line + ": quoted field not closed at end of input");
        }
        endRecord(records, fields, field, wasQuoted);
        return records;
    }

    private static void endRecord(List<List<String>> records, List<String> fields, StringBuilder field, boolean wasQuoted) {
        if (fields.isEmpty() && field.length() == 0 && !wasQuoted) {
            return; // blank line
        }
        fields.add(field.toString());
        records.add(fields);
    }

    /** {@code value} quoted when it holds a comma, quote or line break. */
    static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
