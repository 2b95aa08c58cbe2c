package dev.switchboard.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorsTest {
    @Test
    void normalisedHasUnitLengthAndKeepsDirection() {
        float[] unit = Vectors.normalised(new float[] {3, 4});

        assertThat(unit).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
        assertThat(Embedder.cosine(unit, unit)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void normalisedLeavesTheInputAlone() {
        float[] raw = {3, 4};

        Vectors.normalised(raw);

        assertThat(raw).containsExactly(3, 4);
    }

    @Test
    void zeroVectorStaysZero() {
        assertThat(Vectors.normalised(new float[] {0, 0, 0})).containsExactly(0, 0, 0);
    }

    @Test
    void cosineOfUnitVectorsIsTheirDotProduct() {
        float[] a = Vectors.normalised(new float[] {1, 0});
        float[] b = Vectors.normalised(new float[] {1, 1});
        float[] opposite = {-1, 0};

        assertThat(Embedder.cosine(a, b)).isCloseTo(Math.sqrt(0.5), within(1e-6));
        assertThat(Embedder.cosine(a, opposite)).isCloseTo(-1.0, within(1e-6));
        assertThat(Embedder.cosine(a, new float[] {0, 1})).isZero();
    }

    @Test
    void cosineRejectsVectorsOfDifferentLength() {
        assertThatThrownBy(() -> Embedder.cosine(new float[2], new float[3])).hasMessageContaining("2 and 3");
    }
}
