package dev.switchboard.routing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads routing examples from CSV: a header row whose first three columns are the prompt, whether the weak model
 * was correct and whether the strong model was correct ({@code True}/{@code False} in any case, or {@code 1}/{@code
 * 0}); further columns are ignored. This is RouteLLM's MMLU layout
 * ({@code prompt,mistralai/Mixtral-8x7B-Instruct-v0.1,gpt-4-1106-preview}).
 */
public final class RoutingExamples {
    /** The header {@link #write} puts on its first line. */
    public static final String HEADER = "prompt,weak_correct,strong_correct";
    static final String FILE_PREFIX = "mmlu_";
    static final String FILE_SUFFIX = ".csv";

    private RoutingExamples() {
    }

    /** The rows of one CSV file, all given {@code subject}. */
    public static List<Example> read(Path file, String subject) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, subject, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of one CSV file; the subject is the file name without the {@code mmlu_} prefix and {@code .csv}. */
    public static List<Example> read(Path file) {
        return read(file, subjectOf(file));
    }

    /** The rows of CSV text, all given {@code subject}; {@code source} names it in error messages. */
    public static List<Example> read(Reader in, String subject, String source) {
        List<List<String>> records = CsvReader.readAll(in);
        if (records.isEmpty()) {
            throw new IllegalArgumentException(source + ": empty file, expected a header row");
        }
        if (records.get(0).size() < 3) {
            throw new IllegalArgumentException(source + ": header has " + records.get(0).size() + " columns, expected at least 3");
        }
        List<Example> examples = new ArrayList<>(records.size() - 1);
        for (int r = 1; r < records.size(); r++) {
            List<String> row = records.get(r);
            if (row.size() < 3) {
                throw new IllegalArgumentException(source + ": record " + r + " has " + row.size() + " fields, expected at least 3");
            }
            examples.add(new Example(subject, row.get(0), bool(row.get(1), source, r), bool(row.get(2), source, r)));
        }
        return examples;
    }

    /** Every {@code *.csv} file in {@code dir} (not recursive), in file-name order. */
    public static List<Example> readDirectory(Path dir) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(FILE_SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no .csv files");
        }
        List<Example> all = new ArrayList<>();
        for (Path file : files) {
            all.addAll(read(file));
        }
        return all;
    }

    /** {@code mmlu_college_biology.csv} → {@code college_biology}. */
    public static String subjectOf(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(FILE_SUFFIX)) {
            name = name.substring(0, name.length() - FILE_SUFFIX.length());
        }
        if (name.startsWith(FILE_PREFIX)) {
            name = name.substring(FILE_PREFIX.length());
        }
        return name;
    }

    /** Writes {@code examples} as CSV with {@link #HEADER}, readable by {@link #read(Path, String)}. */
    public static void write(List<Example> examples, Writer out) throws IOException {
        out.write(HEADER);
        out.write('\n');
        for (Example e : examples) {
            out.write(CsvReader.quote(e.prompt()));
            out.write(e.weakCorrect() ? ",True" : ",False");
            out.write(e.strongCorrect() ? ",True\n" : ",False\n");
        }
    }

    /** Writes {@code examples} to {@code file}, creating its parent directories. */
    public static void write(List<Example> examples, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                write(examples, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean bool(String raw, String source, int record) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException(source + ": record " + record + ": expected True/False or 1/0, got '" + raw + "'");
        };
    }
}
