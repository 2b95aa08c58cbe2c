package dev.switchboard.embeddings.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads labelled text pairs from a delimited file (read whole: pair files are small). */
public final class PairsFile {
    /** The pairs kept, and how many rows had a label between "different" and "same" and were left out. */
    public record Contents(List<TextPair> pairs, int leftOut) {
    }

    private PairsFile() {
    }

    public static Contents read(Path file, PairOptions options) throws IOException {
        int needed = Math.max(options.labelCol(), Math.max(options.text1Col(), options.text2Col())) + 1;
        DelimitedReader reader = new DelimitedReader(Files.readString(file, StandardCharsets.UTF_8), options.delimiter(), needed);
        if (options.skipHeader()) {
            reader.next();
        }
        List<TextPair> pairs = new ArrayList<>();
        int leftOut = 0;
        for (Optional<DelimitedReader.Row> row = reader.next(); row.isPresent(); row = reader.next()) {
            List<String> fields = row.get().fields();
            if (fields.size() < needed) {
                throw new IOException(file + " line " + row.get().line() + ": " + fields.size() + " fields, but column " + (needed - 1) + " is needed");
            }
            double label = label(fields.get(options.labelCol()), file, row.get().line());
            if (label >= options.sameAt()) {
                pairs.add(new TextPair(fields.get(options.text1Col()), fields.get(options.text2Col()), true));
            } else if (label <= options.differentAt()) {
                pairs.add(new TextPair(fields.get(options.text1Col()), fields.get(options.text2Col()), false));
            } else {
                leftOut++;
            }
        }
        return new Contents(pairs, leftOut);
    }

    private static double label(String text, Path file, long line) throws IOException {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IOException(file + " line " + line + ": label '" + text + "' is not a number (is there a header? use --skip-header)");
        }
    }
}
