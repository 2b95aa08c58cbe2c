package dev.switchboard.embeddings.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PairOptionsTest {
    @Test
    void defaultsAreTabColumnsZeroOneTwoAndLabelsOneAndZero() {
        assertThat(PairOptions.defaults()).isEqualTo(new PairOptions('\t', 0, 1, 2, 1, 0, false));
    }

    @Test
    void rejectsNegativeColumns() {
        assertThatThrownBy(() -> new PairOptions('\t', -1, 1, 2, 1, 0, false)).hasMessageContaining("counted from 0").hasMessageContaining("text1-col -1");
    }

    @Test
    void rejectsTheSameColumnTwice() {
        assertThatThrownBy(() -> new PairOptions('\t', 0, 0, 2, 1, 0, false)).hasMessageContaining("must differ");
    }

    @Test
    void rejectsDifferentAtNotBelowSameAt() {
        assertThatThrownBy(() -> new PairOptions('\t', 0, 1, 2, 2, 2, false)).hasMessageContaining("different-at (2.0) must be below same-at (2.0)");
    }

    @Test
    void rejectsQuoteOrNewlineAsDelimiter() {
        assertThatThrownBy(() -> new PairOptions('"', 0, 1, 2, 1, 0, false)).hasMessageContaining("delimiter");
        assertThatThrownBy(() -> new PairOptions('\n', 0, 1, 2, 1, 0, false)).hasMessageContaining("delimiter");
    }

    @Test
    void rejectsNonNumericLabelBounds() {
        assertThatThrownBy(() -> new PairOptions('\t', 0, 1, 2, Double.NaN, 0, false)).hasMessageContaining("same-at");
    }
}
