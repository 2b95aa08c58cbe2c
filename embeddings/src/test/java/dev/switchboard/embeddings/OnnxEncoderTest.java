package dev.switchboard.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our own session gives the library's vectors for both pooling kinds: the same one text at a time, within 0.03 in a padded batch. */
class OnnxEncoderTest {
    private static final List<String> TEXTS = List.of("What is the capital of France?",
            "Question 17 of run 3: how many legs does animal number 212 have?",
            "a much longer question about how Kafka share groups hand records to consumers and what happens when a lock expires", "hi");

    @Test
    void shouldMatchTheLibrarysBgeVectorsAlsoInABatch() {
        assertSameVectors(OnnxEmbedder.of(EmbeddingModel.BGE_SMALL_EN_V15_Q, 1), new BgeSmallEnV15QuantizedEmbeddingModel());
    }

    @Test
    void shouldMatchTheLibrarysMiniLmVectorsAlsoInABatch() {
        assertSameVectors(OnnxEmbedder.of(EmbeddingModel.ALL_MINILM_L6_V2_Q, 2), new AllMiniLmL6V2QuantizedEmbeddingModel());
    }

    @Test
    void shouldRefuseLessThanOneThread() {
        assertThat(catchThrowable(() -> OnnxEmbedder.of(EmbeddingModel.ALL_MINILM_L6_V2_Q, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intraOpThreads");
    }

    private static void assertSameVectors(Embedder ours, dev.langchain4j.model.embedding.EmbeddingModel library) {
        List<float[]> batch = ours.embedAll(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] theirs = Vectors.normalised(library.embed(TEXTS.get(i)).content().vector());
            assertThat(Embedder.cosine(ours.embed(TEXTS.get(i)), theirs)).as("one text: %s", TEXTS.get(i)).isCloseTo(1.0, within(1e-4));
            // In a batch the quantized model scales activations over every text of the batch, padding included: close,
            // not identical. The worst case here is a 1-word text padded beside a 25-word one.
            assertThat(Embedder.cosine(batch.get(i), theirs)).as("in a batch: %s", TEXTS.get(i)).isCloseTo(1.0, within(0.03));
        }
    }
}
