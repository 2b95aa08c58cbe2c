package dev.switchboard.embeddings.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embeddings.Embedder;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class AnswerComparatorTest {
    /** Letters counted per text, normalised: texts with the same words score 1, unrelated prose far lower. */
    private static final Embedder LETTERS = new Embedder() {
        @Override
        public float[] embed(String text) {
            float[] v = new float[26];
            for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
                if (c >= 'a' && c <= 'z') {
                    v[c - 'a']++;
                }
            }
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) Math.sqrt(norm);
            }
            return v;
        }

        @Override
        public int dimensions() {
            return 26;
        }

        @Override
        public String name() {
            return "letters";
        }
    };

    private final AnswerComparator comparator = new AnswerComparator(LETTERS, 0.99);

    @Test
    void shouldCompareStructuredOutputExactlyAsJson() {
        assertThat(comparator.same("{\"city\": \"Paris\", \"country\": \"France\"}", "{ \"country\":\"France\",\"city\":\"Paris\" }")).isTrue();
        assertThat(comparator.same("{\"city\": \"Paris\"}", "{\"city\": \"Lyon\"}")).isFalse();
        assertThat(comparator.same("[1, 2, 3]", "[1, 2, 4]")).isFalse();
        assertThat(comparator.same("{\"city\": \"Paris\"}", "The city is Paris")).isFalse();
    }

    @Test
    void shouldCompareShortAnswersAsFoldedText() {
        assertThat(comparator.same("Paris.", " paris")).isTrue();
        assertThat(comparator.same("42", "43")).isFalse();
        assertThat(comparator.same("Yes", "No")).isFalse();
    }

    @Test
    void shouldCompareProseBySimilarity() {
        assertThat(comparator.same("The capital of France is Paris, on the Seine.", "Paris, on the Seine, is the capital of France.")).isTrue();
        assertThat(comparator.same("The capital of France is Paris, on the Seine.", "Berlin has been Germany's capital since reunification.")).isFalse();
    }
}
