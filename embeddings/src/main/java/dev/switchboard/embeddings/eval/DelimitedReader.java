package dev.switchboard.embeddings.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits delimited text into records, as RFC 4180 reads them: a field that starts with a double quote runs to the
 * closing quote and may hold the delimiter, line breaks and doubled quotes ({@code ""} for one {@code "}); a quote
 * inside an unquoted field is an ordinary character. Files like STS-B are delimited without quoting and have
 * sentences such as {@code "Going Places" bus}; when a record is not well-formed CSV (a quoted field that never
 * closes, or text after its closing quote), or its CSV reading has fewer than the needed fields while its plain
 * line has enough (a quote opening one sentence and closing the next), the plain line split at every delimiter is
 * taken instead. Blank lines
 * are skipped; {@code \r\n} and {@code \n} both end a record.
 */
final class DelimitedReader {
    /** One record: its fields and the line it starts on (from 1). */
    record Row(List<String> fields, long line) {
    }

    private record Quoted(List<String> fields, int end) {
    }

    private final String text;
    private final char delimiter;
    private final int minFields;
    private int pos;
    private long line = 1;

    /** {@code minFields}: when the CSV reading has fewer fields than this and the plain line has enough, the plain line wins. */
    DelimitedReader(String text, char delimiter, int minFields) {
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.delimiter = delimiter;
        this.minFields = minFields;
    }

    /** The next record, or empty at the end. */
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
        Quoted quoted = quoted(pos);
        List<String> plain = plain(pos, lineEnd);
        if (quoted != null && (quoted.fields.size() >= minFields || plain.size() < minFields)) {
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

    /** The RFC 4180 reading of the record at {@code from}, or null when it is not well-formed. */
    private Quoted quoted(int from) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = from;
        while (true) {
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        return null;
                    }
                    char c = text.charAt(i);
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else if (c == '"') {
                        i++;
                        break;
                    } else {
                        field.append(c);
                        i++;
                    }
                }
                if (i < text.length() && text.charAt(i) != delimiter && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    return null;
                }
            } else {
                while (i < text.length() && text.charAt(i) != delimiter && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    field.append(text.charAt(i));
                    i++;
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= text.length() || text.charAt(i) != delimiter) {
                return new Quoted(fields, i);
            }
            i++;
        }
    }
}
