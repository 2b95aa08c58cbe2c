package dev.switchboard.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Real English sentences for the benchmarks: the distinct sentences of the STS Benchmark in ../shared/data. */
final class StsSentences {
    private StsSentences() {
    }

    static List<String> load() throws IOException {
        Path dir = Path.of(System.getProperty("switchboard.shared.data", "../shared/data"), "paraphrase", "stsb");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the benchmark reads STS-B sentences from " + dir.toAbsolutePath()
                    + "; set SWITCHBOARD_SHARED_DATA to the shared data folder");
        }
        Set<String> sentences = new LinkedHashSet<>();
        for (String split : List.of("sts-train.csv", "sts-dev.csv", "sts-test.csv")) {
            for (String line : Files.readAllLines(dir.resolve(split), StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t");
                if (fields.length >= 7) {
                    sentences.add(fields[5].strip());
                    sentences.add(fields[6].strip());
                }
            }
        }
        return List.copyOf(sentences);
    }
}
