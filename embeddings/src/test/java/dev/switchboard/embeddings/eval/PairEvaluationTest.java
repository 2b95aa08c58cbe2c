package dev.switchboard.embeddings.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.embeddings.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairEvaluationTest {
    /**
     * Every pair is ("q", "pN"): "q" is the unit x axis and "pN" sits at a chosen cosine from it, so each pair's
     * similarity is known exactly. Also counts how often each text is embedded.
     */
    static final class AngleEmbedder implements Embedder {
        private final Map<String, Double> cosines;
        final List<String> embedded = new ArrayList<>();

        AngleEmbedder(Map<String, Double> cosines) {
            this.cosines = cosines;
        }

        @Override
        public synchronized float[] embed(String text) {
            embedded.add(text);
            double c = text.equals("q") ? 1.0 : cosines.get(text);
            return new float[] {(float) c, (float) Math.sqrt(1 - c * c)};
        }

        @Override
        public int dimensions() {
            return 2;
        }

        @Override
        public String name() {
            return "angle";
        }
    }

    // same pairs at 0.95, 0.90, 0.85, 0.70; different pairs at 0.885, 0.60, 0.30 (float vectors: keep off the 0.01 grid)
    private static final Map<String, Double> COSINES = Map.of(
            "s95", 0.95, "s90", 0.90, "s85", 0.85, "s70", 0.70, "d88", 0.885, "d60", 0.60, "d30", 0.30);
    private static final List<TextPair> PAIRS = List.of(
            new TextPair("q", "s95", true), new TextPair("q", "s90", true), new TextPair("q", "s85", true), new TextPair("q", "s70", true),
            new TextPair("q", "d88", false), new TextPair("q", "d60", false), new TextPair("q", "d30", false));

    @Test
    void scoresAtAThreshold() {
        Scores at85 = new PairEvaluation(PAIRS, new AngleEmbedder(COSINES)).at(0.85);

        assertThat(at85.truePositives()).isEqualTo(3);
        assertThat(at85.falsePositives()).isEqualTo(1);
        assertThat(at85.falseNegatives()).isEqualTo(1);
        assertThat(at85.precision()).isEqualTo(0.75);
        assertThat(at85.recall()).isEqualTo(0.75);
        assertThat(at85.f1()).isCloseTo(0.75, within(1e-12));
        assertThat(at85.pairs()).isEqualTo(7);
    }

    @Test
    void chooseThresholdTakesTheLowestThresholdReachingThePrecision() {
        PairEvaluation evaluation = new PairEvaluation(PAIRS, new AngleEmbedder(COSINES));

        // 0.89 is the lowest threshold that leaves out the 0.885 different pair: precision 1, recall 2/4
        assertThat(evaluation.chooseThreshold(1.0)).get().satisfies(s -> {
            assertThat(s.threshold()).isEqualTo(0.89);
            assertThat(s.recall()).isEqualTo(0.5);
        });
        // precision 0.75 is first reached at 0.61: 4 same of 5 predicted (0.80); at 0.60 the 0.60 different pair comes in (4 of 6)
        assertThat(evaluation.chooseThreshold(0.75)).get().extracting(Scores::threshold).isEqualTo(0.61);
    }

    @Test
    void chooseThresholdIsEmptyWhenNoThresholdGetsThere() {
        List<TextPair> hopeless = List.of(new TextPair("q", "s70", true), new TextPair("q", "d88", false));

        assertThat(new PairEvaluation(hopeless, new AngleEmbedder(COSINES)).chooseThreshold(0.95)).isEmpty();
    }

    @Test
    void sweepEmbedsEachDistinctTextOnce() {
        AngleEmbedder embedder = new AngleEmbedder(COSINES);
        PairEvaluation evaluation = new PairEvaluation(PAIRS, embedder);

        List<Scores> sweep = evaluation.sweep();

        assertThat(sweep).hasSize(50);
        assertThat(sweep.get(0).threshold()).isEqualTo(0.50);
        assertThat(sweep.get(49).threshold()).isEqualTo(0.99);
        assertThat(embedder.embedded).hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void summaryLineHasTheCommandsFormat() {
        Scores scores = new Scores(0.8, 2, 1, 1, 10);

        assertThat(scores.summaryLine()).isEqualTo("precision=0.6667 recall=0.6667 f1=0.6667 threshold=0.80 pairs=10");
    }

    @Test
    void precisionWithNoPredictionsIsOneAndRecallWithNoPositivesIsZero() {
        Scores none = new Scores(0.99, 0, 0, 0, 3);

        assertThat(none.precision()).isEqualTo(1.0);
        assertThat(none.recall()).isZero();
        assertThat(none.f1()).isZero();
    }
}
