package dev.switchboard.embeddings.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A quick check of the default model and threshold on the first 200 STS-B dev pairs, kept in the repository (the full run is StsbEvaluationTest). */
class StsbDevSampleTest {
    @Test
    void defaultModelAndThresholdKeepPrecisionOnDevPairs() throws IOException {
        List<TextPair> sample = StsBenchmark.devSample().pairs();
        EmbeddingModel model = EmbeddingModel.DEFAULT;

        Scores scores = new PairEvaluation(sample, OnnxEmbedder.of(model)).at(model.cosineThreshold());

        assertThat(sample).hasSize(200);
        System.out.println("STS-B dev, first 200 pairs, " + model.id() + ": " + scores.summaryLine());
        assertThat(scores.precision()).isGreaterThanOrEqualTo(0.9);
        assertThat(scores.recall()).isGreaterThan(0.5);
    }
}
