package dev.switchboard.embeddings.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits delimited text into records. A field in double quotes may hold the delimiter, line breaks and doubled
 * quotes ({@code ""} for one {@code "}), as CSV writers produce. Files like STS-B are delimited without quoting and
 * contain stray quotes; so when the quoted reading of a record does not give the columns asked for, or runs over
 * line ends where the plain line already has them, or never closes, the plain line is taken instead.
 */
final class DelimitedReader {
    /** One record: its fields and the line it starts on. */
    record Row(List<String> fields, long line) {
    }

    private final String text;
    private final char delimiter;
    private final int minFields;
    private int pos;
    private long line = 1;

    DelimitedReader(String text, char delimiter, int minFields) {
        this.text = text;
        this.delimiter = delimiter;
        this.minFields = minFields;
    }

    /** The next record, or empty at the end. Blank lines are skipped. */
    Optional<Row> next() {
        while (pos < text.length() && (text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
            if (text.charAt(pos) == '\n') {
                line++;
            }
            pos++;
        }
        if (pos >= text.length()) {
            return Optional.empty();
        }
        long start = line;
        int lineEnd = lineEnd(pos);
        List<String> plain = plain(pos, lineEnd);
        Quoted quoted = quoted(pos);
        boolean useQuoted = quoted != null && quoted.fields.size() >= minFields
                && (quoted.end <= lineEnd || plain.size() < minFields);
        if (useQuoted) {
            for (int i = pos; i < quoted.end; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            pos = quoted.end;
            return Optional.of(new Row(quoted.fields, start));
        }
        pos = lineEnd;
        return Optional.of(new Row(plain, start));
    }

    private record Quoted(List<String> fields, int end) {
    }

    private int lineEnd(int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private List<String> plain(int from, int to) {
        List<String> fields = new ArrayList<>();
        int start = from;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == delimiter) {
                fields.add(text.substring(start, i));
                start = i + 1;
            }
        }
        fields.add(text.substring(start, to));
        return fields;
    }

    /** The quote-aware reading, or null when a quote never closes. */
    private Quoted quoted(int from) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = from;
        boolean inQuotes = false;
        boolean fieldStart = true;
        while (true) {
            if (i >= text.length()) {
                if (inQuotes) {
                    return null;
                }
                fields.add(field.toString());
                return new Quoted(fields, i);
            }
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    inQuotes = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && fieldStart) {
                inQuotes = true;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                i++;
                continue;
            } else if (c == '\n' || c == '\r') {
                fields.add(field.toString());
                return new Quoted(fields, i);
            } else {
                field.append(c);
            }
            fieldStart = false;
            i++;
        }
    }
}
