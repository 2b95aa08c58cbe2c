package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedRouterTest {
    private static final LearnedRouter.Settings FAST = new LearnedRouter.Settings(0.2, 300, 0.01, 7);

    /** Prompts about proofs and integrals trip the weak model; prompts about capitals and colours do not. */
    static List<Example> toyExamples() {
        String[] hard = {"prove the integral of x squared", "compute the eigenvalue of the matrix", "solve 3x + 7 = 22 for x",
            "integral proof theorem lemma", "derive the matrix determinant", "prove that sqrt 2 is irrational"};
        String[] easy = {"what is the capital of france", "name the colour of the sky", "which city is the capital of italy",
            "what colour is grass", "the capital of spain is", "name a primary colour"};
        List<Example> rows = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (String h : hard) {
                rows.add(new Example("math", h + " variant " + round, false, true));
            }
            for (String e : easy) {
                rows.add(new Example("geo", e + " variant " + round, true, true));
            }
        }
        return rows;
    }

    @Test
    void shouldRankWhereTheStrongModelGainsAboveWhereBothFail() {
        // moral puzzles: both models fail; proofs: only the weak one fails; capitals: both succeed
        String[] puzzles = {"moral scenario trolley dilemma", "ethical scenario lying to a friend", "moral dilemma promise broken"};
        String[] proofs = {"prove the integral of x squared", "derive the matrix determinant", "prove that sqrt 2 is irrational"};
        String[] capitals = {"what is the capital of france", "which city is the capital of italy", "the capital of spain is"};
        List<Example> rows = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            for (String p : puzzles) {
                rows.add(new Example("ethics", p + " variant " + round, false, false));
            }
            for (String p : proofs) {
                rows.add(new Example("math", p + " variant " + round, false, true));
            }
            for (String p : capitals) {
                rows.add(new Example("geo", p + " variant " + round, true, true));
            }
        }
        LearnedRouter.Settings gainSettings = new LearnedRouter.Settings(0.2, 300, 0.01, 7, LearnedRouter.Label.STRONG_MINUS_WEAK);
        LearnedRouter gain = LearnedRouter.train(rows, new HashingEmbedder(), gainSettings);
        LearnedRouter weakWrong = LearnedRouter.train(rows, new HashingEmbedder(), FAST);

        assertThat(gain.label()).isEqualTo(LearnedRouter.Label.STRONG_MINUS_WEAK);
        assertThat(gain.score("prove the matrix integral")).isGreaterThan(gain.score("moral scenario dilemma"));
        assertThat(gain.score("moral scenario dilemma")).isBetween(0.0, 1.0);
        assertThat(RouterEvaluation.evaluate("gain", rows, gain).apgr())
                .isGreaterThan(RouterEvaluation.evaluate("weak wrong", rows, weakWrong).apgr());
    }

    @Test
    void shouldScoreTheSameAfterSavingAGainRouter() throws Exception {
        LearnedRouter router = LearnedRouter.train(toyExamples(), new HashingEmbedder(),
                new LearnedRouter.Settings(0.2, 100, 0.01, 7, LearnedRouter.Label.STRONG_MINUS_WEAK));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        router.save(bytes);
        LearnedRouter loaded = LearnedRouter.load(new ByteArrayInputStream(bytes.toByteArray()), new HashingEmbedder());

        assertThat(loaded.label()).isEqualTo(LearnedRouter.Label.STRONG_MINUS_WEAK);
        assertThat(loaded.score("prove the integral")).isEqualTo(router.score("prove the integral"));
    }

    @Test
    void shouldRankPromptsTheWeakModelGetsWrongHigher() {
        LearnedRouter router = LearnedRouter.train(toyExamples(), new HashingEmbedder(), FAST);

        assertThat(router.score("prove the integral of the matrix")).isGreaterThan(router.score("what is the capital of france"));
        RouterEvaluation.Result r = RouterEvaluation.evaluate("learned", toyExamples(), router);
        // Half the prompts need the strong model, so even an oracle recovers the gap linearly up to 50%: APGR 0.75.
        assertThat(r.apgr()).isGreaterThan(0.74);
        assertThat(router.metadata().trainingSubjects()).containsExactly("geo", "math");
        assertThat(router.metadata().trainingExamples()).isEqualTo(60);
        assertThat(router.metadata().trainingWeakWrong()).isEqualTo(30);
        assertThat(router.metadata().trainingAuc()).isGreaterThan(0.95);
    }

    @Test
    void shouldGiveIdenticalScoresAfterSaveAndLoad() throws Exception {
        HashingEmbedder embedder = new HashingEmbedder();
        LearnedRouter router = LearnedRouter.train(toyExamples(), embedder, FAST);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        router.save(out);

        LearnedRouter loaded = LearnedRouter.load(new ByteArrayInputStream(out.toByteArray()), embedder);

        for (String prompt : List.of("prove the lemma", "capital of peru", "", "x = 3 + 4\nprint(x);")) {
            assertThat(loaded.score(prompt)).isEqualTo(router.score(prompt));
        }
        assertThat(loaded.weights()).containsExactly(router.weights());
        assertThat(loaded.metadata()).isEqualTo(router.metadata());
        assertThat(loaded.thresholdForStrongShare(0.3)).isEqualTo(router.thresholdForStrongShare(0.3));
        assertThat(LearnedRouter.modelIdOf(new ByteArrayInputStream(out.toByteArray()))).isEqualTo("test-hashing-16");
    }

    @Test
    void shouldTrainDeterministically() {
        double[] a = LearnedRouter.train(toyExamples(), new HashingEmbedder(), FAST).weights();
        double[] b = LearnedRouter.train(toyExamples(), new HashingEmbedder(), FAST).weights();
        assertThat(a).containsExactly(b);
    }

    @Test
    void shouldRefuseAnEmbedderOfAnotherModel() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LearnedRouter.train(toyExamples(), new HashingEmbedder(), FAST).save(out);
        HashingEmbedder other = new HashingEmbedder() {
            @Override
            public String name() {
                return "other-model";
            }
        };
        assertThatThrownBy(() -> LearnedRouter.load(new ByteArrayInputStream(out.toByteArray()), other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test-hashing-16");
    }

    @Test
    void shouldMapStrongSharesToThresholds() {
        LearnedRouter router = LearnedRouter.train(toyExamples(), new HashingEmbedder(), FAST);
        double[] scores = router.scoreAll(StrongNeedScorer.prompts(toyExamples()));
        for (double share : new double[] {0, 0.25, 0.5, 1}) {
            double t = router.thresholdForStrongShare(share);
            long above = java.util.Arrays.stream(scores).filter(s -> s >= t).count();
            assertThat(above).isEqualTo(Math.round(share * scores.length));
        }
    }

    @Test
    void shouldComputeTextFeatures() {
        double[] plain = TextFeatures.of("What is the capital of France?");
        double[] code = TextFeatures.of("int x = 3 * 4;\nreturn x + 1;\n");
        assertThat(plain).hasSize(TextFeatures.NAMES.size());
        assertThat(plain[TextFeatures.NAMES.indexOf("has_code")]).isZero();
        assertThat(code[TextFeatures.NAMES.indexOf("has_code")]).isEqualTo(1);
        assertThat(code[TextFeatures.NAMES.indexOf("digit_share")]).isGreaterThan(plain[TextFeatures.NAMES.indexOf("digit_share")]);
        assertThat(code[TextFeatures.NAMES.indexOf("log_lines")]).isEqualTo(Math.log(3));
    }
}
