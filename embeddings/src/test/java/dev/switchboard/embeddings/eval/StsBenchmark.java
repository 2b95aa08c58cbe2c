package dev.switchboard.embeddings.eval;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The STS Benchmark for tests: a sample kept in the repository (the first 308 rows of the dev split, 200 pairs once
 * the middle scores are left out; licence notes in src/test/resources/stsb/NOTICE.md) and, opt-in, the whole
 * benchmark under {@code -Dswitchboard.shared.data=<dir>}/paraphrase/stsb.
 */
final class StsBenchmark {
    static final String DATA_PROPERTY = "switchboard.shared.data";
    static final String DEV_SAMPLE = "/stsb/sts-dev-sample.csv";
    static final String OPT_IN = "reads the whole STS Benchmark from outside the repository; opt in with -D" + DATA_PROPERTY
            + "=<dir holding paraphrase/stsb>";

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
        Assumptions.assumeTrue(dir.isPresent(), "STS-B not found under -D" + DATA_PROPERTY + "=" + System.getProperty(DATA_PROPERTY)
                + "; " + OPT_IN);
        return dir.get();
    }

    /** The repository's dev sample: 308 rows, 200 pairs. */
    static PairsFile.Contents devSample() throws IOException {
        URL resource = StsBenchmark.class.getResource(DEV_SAMPLE);
        if (resource == null) {
            throw new IllegalStateException("missing test resource " + DEV_SAMPLE);
        }
        try {
            return PairsFile.read(Path.of(resource.toURI()), PairOptions.stsBenchmark());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One split ("train", "dev", "test") with the rule: score >= 4 same, <= 2 different. */
    static List<TextPair> read(Path dir, String split) throws IOException {
        return PairsFile.read(dir.resolve("sts-" + split + ".csv"), PairOptions.stsBenchmark()).pairs();
    }
}
