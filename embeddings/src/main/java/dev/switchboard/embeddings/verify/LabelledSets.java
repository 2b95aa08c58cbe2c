package dev.switchboard.embeddings.verify;

import dev.switchboard.embeddings.eval.PairOptions;
import dev.switchboard.embeddings.eval.PairsFile;
import dev.switchboard.embeddings.eval.TextPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The labelled pair sets of the shared data folder, by name. STS-B: score >= 4 same, <= 2 different (the middle left
 * out), except {@code stsb-train-graded}, where the middle counts as different (a "somewhat similar" pair is not
 * the same question). MSRP: the annotators' paraphrase label; its licence allows evaluation, not shipping a model
 * trained on it, so no MSRP set is ever a training set here.
 */
public enum LabelledSets {
    STSB_TRAIN("stsb-train", "paraphrase/stsb/sts-train.csv", PairOptions.stsBenchmark()),
    STSB_TRAIN_GRADED("stsb-train-graded", "paraphrase/stsb/sts-train.csv", new PairOptions('\t', 5, 6, 4, 4, 3.99, false)),
    STSB_DEV("stsb-dev", "paraphrase/stsb/sts-dev.csv", PairOptions.stsBenchmark()),
    STSB_TEST("stsb-test", "paraphrase/stsb/sts-test.csv", PairOptions.stsBenchmark()),
    MSRP_TRAIN("msrp-train", "paraphrase/msrp/msr-para-train.tsv", Msrp.OPTIONS),
    MSRP_VAL("msrp-val", "paraphrase/msrp/msr-para-val.tsv", Msrp.OPTIONS),
    MSRP_TEST("msrp-test", "paraphrase/msrp/msr-para-test.tsv", Msrp.OPTIONS);

    private final String id;
    private final String file;
    private final PairOptions options;

    LabelledSets(String id, String file, PairOptions options) {
        this.id = id;
        this.file = file;
        this.options = options;
    }

    public String id() {
        return id;
    }

    public List<TextPair> read(Path sharedData) {
        try {
            return PairsFile.read(sharedData.resolve(file), options).pairs();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MSRP's layout: Quality, #1 ID, #2 ID, #1 String, #2 String, with a header. */
    private static final class Msrp {
        static final PairOptions OPTIONS = new PairOptions('\t', 3, 4, 0, 1, 0, true);
    }
}
