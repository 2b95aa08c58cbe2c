package dev.switchboard.embeddings.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped verifier with the real bge-small-en-v1.5-q model, on hand-written near-misses and paraphrases. */
class SameQuestionVerifierTest {
    private static SameQuestionVerifier verifier;
    private static Embedder embedder;

    record Fixture(String cached, String asked, boolean same) {
    }

    @BeforeAll
    static void load() {
        verifier = SameQuestionVerifier.loadDefault();
        embedder = OnnxEmbedder.of(EmbeddingModel.parse(verifier.embeddingModel()));
    }

    static List<Fixture> fixtures() throws IOException {
        List<Fixture> fixtures = new ArrayList<>();
        try (InputStream in = SameQuestionVerifierTest.class.getResourceAsStream("same-question-fixtures.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split("\t");
                    fixtures.add(new Fixture(f[0], f[1], f[2].equals("1")));
                }
            }
        }
        return fixtures;
    }

    private static double probability(Fixture f) {
        return verifier.probability(QuestionProfile.of(f.asked()), embedder.embed(f.asked()), QuestionProfile.of(f.cached()),
                embedder.embed(f.cached()));
    }

    @Test
    void shouldRefuseEveryKnownNearMiss() throws IOException {
        for (Fixture f : fixtures()) {
            if (!f.same()) {
                assertThat(probability(f)).as("%s | %s", f.cached(), f.asked()).isLessThan(verifier.defaultCut());
            }
        }
    }

    @Test
    void shouldAcceptKnownParaphrases() throws IOException {
        List<Fixture> paraphrases = fixtures().stream().filter(Fixture::same).toList();
        long accepted = paraphrases.stream().filter(f -> probability(f) >= verifier.defaultCut()).count();

        assertThat(accepted).as("paraphrases accepted of %d", paraphrases.size()).isGreaterThanOrEqualTo(paraphrases.size() * 3 / 4);
    }

    @Test
    void shouldScoreTheSameFromAStoredProfile() {
        String cached = "Is ibuprofen safe to take with alcohol?";
        String asked = "Is it safe to take ibuprofen with alcohol?";
        float[] u = embedder.embed(asked);
        float[] v = embedder.embed(cached);
        QuestionProfile stored = QuestionProfile.fromBytes(QuestionProfile.of(cached).toBytes());

        assertThat(verifier.probability(QuestionProfile.of(asked), u, stored, v))
                .isEqualTo(verifier.probability(QuestionProfile.of(asked), u, QuestionProfile.of(cached), v));
    }

    @Test
    void shouldSaveAndLoadToTheSameScores() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        verifier.save(bytes);
        SameQuestionVerifier loaded = SameQuestionVerifier.load(new ByteArrayInputStream(bytes.toByteArray()));
        Fixture f = new Fixture("What is the capital of France?", "What's the capital city of France?", true);

        assertThat(loaded.defaultCut()).isEqualTo(verifier.defaultCut());
        assertThat(loaded.probability(QuestionProfile.of(f.asked()), embedder.embed(f.asked()), QuestionProfile.of(f.cached()),
                embedder.embed(f.cached()))).isEqualTo(probability(f));
    }
}
