package dev.switchboard.embeddings.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A quick check of the default model and threshold on the first 200 STS-B dev pairs (the full run is StsbEvaluationTest). */
class StsbDevSampleTest {
    @Test
    void defaultModelAndThresholdKeepPrecisionOnDevPairs() throws IOException {
        Path stsb = StsBenchmark.assumeDirectory();
        List<TextPair> sample = StsBenchmark.read(stsb, "dev").subList(0, 200);
        EmbeddingModel model = EmbeddingModel.DEFAULT;

        Scores scores = new PairEvaluation(sample, OnnxEmbedder.of(model)).at(model.cosineThreshold());

        System.out.println("STS-B dev, first 200 pairs, " + model.id() + ": " + scores.summaryLine());
        assertThat(scores.precision()).isGreaterThanOrEqualTo(0.9);
        assertThat(scores.recall()).isGreaterThan(0.5);
    }
}
