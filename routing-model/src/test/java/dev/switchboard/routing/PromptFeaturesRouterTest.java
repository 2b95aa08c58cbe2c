package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.embeddings.Embedder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The prompt-only router (task and text features, no embedding) and the task features it reads. */
class PromptFeaturesRouterTest {

    /** An embedder that must never be called: a prompt-only router costs no model call. */
    private static final class RefusingEmbedder implements Embedder {
        @Override
        public float[] embed(String text) {
            throw new AssertionError("a prompt-only router embedded '" + text + "'");
        }

        @Override
        public int dimensions() {
            return 16;
        }

        @Override
        public String name() {
            return "refusing";
        }
    }

    /** Long paired-statement questions: only the weak model fails; short lookups: both succeed; sums: both fail. */
    static List<Example> examples() {
        List<Example> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(new Example("logic", "Statement 1 | Every group of order " + i + " is cyclic and the argument about it runs long. "
                    + "Statement 2 | Some subgroup is normal, which needs a careful proof.\nA. True, True\nB. False, False\nC. True, False\n"
                    + "D. False, True\nAnswer:", false, true));
            rows.add(new Example("facts", "Which city is a capital?\nA. Paris\nB. Lyon\nC. Nice\nD. Lille\nAnswer:", true, true));
            rows.add(new Example("sums", "Calculate " + (i + 17) + " * " + (i + 23) + " - 4\nA. " + i * 7 + "\nB. " + (i + 391)
                    + "\nC. " + (i * 3 + 5) + "\nD. " + (i + 11) + "\nAnswer:", false, false));
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(value = LearnedRouter.Features.class, names = {"TASK", "PROMPT"})
    void shouldRankWithoutEmbeddingAndSaveToTheSameScores(LearnedRouter.Features features) throws Exception {
        LearnedRouter router = LearnedRouter.train(examples(), new RefusingEmbedder(),
                new LearnedRouter.Settings(0.2, 300, 0.01, 7, LearnedRouter.Label.STRONG_MINUS_WEAK, features));
        String paired = "Statement 1 | A ring of order 9 is commutative and so much more. Statement 2 | Every field is a ring, as the long "
                + "definition says.\nA. True, True\nB. False, False\nC. True, False\nD. False, True\nAnswer:";
        String lookup = "Which river is the longest?\nA. Nile\nB. Seine\nC. Po\nD. Rhine\nAnswer:";
        String sum = "Calculate 48 * 52 - 4\nA. 2492\nB. 2500\nC. 96\nD. 41\nAnswer:";

        assertThat(router.usesEmbedding()).isFalse();
        assertThat(router.weights()).hasSize(features == LearnedRouter.Features.TASK ? TaskFeatures.NAMES.size() : LearnedRouter.PROMPT_FEATURES.size());
        assertThat(router.score(paired)).isGreaterThan(router.score(lookup));
        assertThat(router.score(paired)).isGreaterThan(router.score(sum));
        assertThat(router.scoreAll(List.of(paired, sum))).containsExactly(router.score(paired), router.score(sum));
        assertThat(router.scoreEmbedded(paired, null)).isEqualTo(router.score(paired));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        router.save(bytes);
        LearnedRouter loaded = LearnedRouter.load(new ByteArrayInputStream(bytes.toByteArray()), new RefusingEmbedder());
        assertThat(loaded.score(paired)).isEqualTo(router.score(paired));
        assertThat(loaded.usesEmbedding()).isFalse();
    }

    @Test
    void shouldStillLoadAndScoreTheFirstGainRouterWithItsSevenTextFeatures() throws Exception {
        Embedder bgeShaped = new Embedder() {
            @Override
            public float[] embed(String text) {
                float[] v = new float[384];
                v[Math.floorMod(text.hashCode(), 384)] = 1;
                return v;
            }

            @Override
            public int dimensions() {
                return 384;
            }

            @Override
            public String name() {
                return "bge-small-en-v1.5-q";
            }
        };
        try (InputStream in = getClass().getResourceAsStream("first-gain-router.json")) {
            LearnedRouter first = LearnedRouter.load(in, bgeShaped);

            assertThat(first.usesEmbedding()).isTrue();
            assertThat(first.score("What is 2 + 2?\nA. 3\nB. 4\nAnswer:")).isBetween(0.0, 1.0);
            assertThatThrownBy(() -> first.scoreEmbedded("What is 2 + 2?", null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldReadTheTaskTypeFromThePrompt() {
        double[] paired = TaskFeatures.of("Statement 1 | X is true. Statement 2 | Y is false.\nA. True, True\nB. False, False\nAnswer:");
        double[] except = TaskFeatures.of("All of the following are mammals EXCEPT\nA. whale\nB. bat\nC. shark\nD. dog\nAnswer:");
        double[] numeric = TaskFeatures.of("Calculate 12 * 3.\nA. 36\nB. 38\nC. 40\nD. 42\nAnswer:");

        assertThat(paired[TaskFeatures.NAMES.indexOf("paired_statements")]).isEqualTo(1);
        assertThat(except[TaskFeatures.NAMES.indexOf("exception_question")]).isEqualTo(1);
        assertThat(except[TaskFeatures.NAMES.indexOf("numeric_options")]).isZero();
        assertThat(numeric[TaskFeatures.NAMES.indexOf("numeric_options")]).isEqualTo(1);
        assertThat(numeric[TaskFeatures.NAMES.indexOf("asks_to_compute")]).isEqualTo(1);
        assertThat(numeric[TaskFeatures.NAMES.indexOf("option_count")]).isEqualTo(4);
        assertThat(LearnedRouter.PROMPT_FEATURES).hasSize(TextFeatures.NAMES.size() + TaskFeatures.NAMES.size());
    }
}
