package dev.switchboard.embeddings.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Where the STS Benchmark lives for tests: {@code switchboard.shared.data}/paraphrase/stsb (set by the parent pom). */
final class StsBenchmark {
    static final String DATA_PROPERTY = "switchboard.shared.data";

    private StsBenchmark() {
    }

    static Optional<Path> directory() {
        String data = System.getProperty(DATA_PROPERTY);
        if (data == null) {
            return Optional.empty();
        }
        Path dir = Path.of(data, "paraphrase", "stsb");
        return Files.isRegularFile(dir.resolve("sts-dev.csv")) ? Optional.of(dir) : Optional.empty();
    }

    /** The directory, or the test is skipped. */
    static Path assumeDirectory() {
        Optional<Path> dir = directory();
        Assumptions.assumeTrue(dir.isPresent(), "STS-B not found under -D" + DATA_PROPERTY + "=" + System.getProperty(DATA_PROPERTY));
        return dir.get();
    }

    /** One split ("train", "dev", "test") with the rule: score >= 4 same, <= 2 different. */
    static List<TextPair> read(Path dir, String split) throws IOException {
        return PairsFile.read(dir.resolve("sts-" + split + ".csv"), PairOptions.stsBenchmark()).pairs();
    }
}
