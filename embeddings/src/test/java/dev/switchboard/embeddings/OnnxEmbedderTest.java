package dev.switchboard.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxEmbedderTest {
    private static Embedder embedder;

    @BeforeAll
    static void load() {
        embedder = OnnxEmbedder.of(EmbeddingModel.DEFAULT);
    }

    @AfterAll
    static void report() {
        if (embedder != null) {
            double france = Embedder.cosine(embedder.embed("What is the capital of France?"), embedder.embed("What is the capital of Germany?"));
            System.out.printf("%s: 'capital of France?' vs 'capital of Germany?' cosine %.4f, default threshold %.2f%n",
                    embedder.name(), france, EmbeddingModel.DEFAULT.defaultThreshold());
        }
    }

    @Test
    void vectorsHaveTheModelsLengthAndUnitNorm() {
        float[] vector = embedder.embed("How do I reset my password?");

        assertThat(vector).hasSize(embedder.dimensions()).hasSize(384);
        assertThat(Embedder.cosine(vector, vector)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void paraphraseScoresHigherThanAnUnrelatedSentence() {
        float[] question = embedder.embed("How do I reset my password?");
        float[] paraphrase = embedder.embed("What are the steps to change my forgotten password?");
        float[] unrelated = embedder.embed("The train to Lyon leaves at nine in the morning.");

        double same = Embedder.cosine(question, paraphrase);
        double different = Embedder.cosine(question, unrelated);

        assertThat(same).isGreaterThan(different + 0.15);
        assertThat(SimilarityMatcher.same(question, unrelated, EmbeddingModel.DEFAULT.defaultThreshold())).isFalse();
    }

    @Test
    void batchGivesTheSameVectorsAsOneAtATime() {
        List<String> texts = List.of("first question", "a second, longer question about Kafka partitions", "third");

        List<float[]> batch = embedder.embedAll(texts);

        // One session run per batch: the quantized model scales its activations over the whole batch, so a text's
        // vector moves a little with its batch-mates (cosine >= 0.99 to its own), far below any threshold's margin.
        for (int i = 0; i < texts.size(); i++) {
            assertThat(Embedder.cosine(batch.get(i), embedder.embed(texts.get(i)))).isCloseTo(1.0, within(1e-2));
        }
    }

    @Test
    void sharedInstanceIsSafeAcrossThreads() throws Exception {
        List<String> texts = List.of("alpha beta", "how tall is the Eiffel tower", "refund policy for annual plans", "kafka share groups");
        List<float[]> expected = texts.stream().map(embedder::embed).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (String text : texts) {
                    results.add(pool.submit(() -> embedder.embed(text)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(Embedder.cosine(results.get(i).get(), expected.get(i % texts.size()))).isCloseTo(1.0, within(1e-5));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyModelLoadsFromItsJar() {
        for (EmbeddingModel model : EmbeddingModel.values()) {
            Embedder loaded = model == EmbeddingModel.DEFAULT ? embedder : OnnxEmbedder.of(model);

            assertThat(loaded.embed("hello")).hasSize(model.dimensions());
            assertThat(loaded.name()).isEqualTo(model.id());
        }
    }
}
