package dev.switchboard.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.embeddings.eval.PairMatcher;
import org.junit.jupiter.api.Test;

class SimilarityMatcherTest {
    private static final float[] X = {1, 0};
    private static final float[] DIAGONAL = Vectors.normalised(new float[] {1, 1});

    @Test
    void sameWhenCosineReachesTheThreshold() {
        MatchDecision decision = SimilarityMatcher.decide(X, DIAGONAL, 0.70);

        assertThat(decision.same()).isTrue();
        assertThat(decision.similarity()).isCloseTo(0.7071, within(1e-4));
        assertThat(decision).hasToString("same (cosine 0.7071 >= threshold 0.70)");
    }

    @Test
    void differentBelowTheThreshold() {
        assertThat(SimilarityMatcher.same(X, DIAGONAL, 0.71)).isFalse();
        assertThat(SimilarityMatcher.decide(X, DIAGONAL, 0.71)).hasToString("different (cosine 0.7071 < threshold 0.71)");
    }

    @Test
    void thresholdIsInclusive() {
        assertThat(SimilarityMatcher.isSame(0.8, 0.8)).isTrue();
        assertThat(SimilarityMatcher.isSame(0.7999, 0.8)).isFalse();
    }

    @Test
    void rejectsThresholdOutsideCosineRange() {
        assertThatThrownBy(() -> SimilarityMatcher.decide(X, X, 1.5)).hasMessageContaining("between -1 and 1");
        assertThatThrownBy(() -> SimilarityMatcher.decide(X, X, Double.NaN)).hasMessageContaining("between -1 and 1");
    }

    @Test
    void evaluationsCosineMatcherIsThisRule() {
        assertThat(PairMatcher.COSINE.same("a", X, "b", DIAGONAL, 0.70)).isTrue();
        assertThat(PairMatcher.COSINE.same("a", X, "b", DIAGONAL, 0.71)).isFalse();
    }
}
