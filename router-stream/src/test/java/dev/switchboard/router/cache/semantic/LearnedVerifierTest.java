package dev.switchboard.router.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import dev.switchboard.router.WordHashEmbedder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped verifier as the index's hit check, with the real bge-small model and the cached side stored as int8. */
class LearnedVerifierTest {
    private static Embedder bge;
    private static HitVerifier verifier;

    @BeforeAll
    static void load() {
        bge = OnnxEmbedder.of(EmbeddingModel.BGE_SMALL_EN_V15_Q);
        verifier = LearnedVerifier.orGuardFor(bge);
    }

    @Test
    void shouldBeTheLearnedVerifierOnlyForTheModelItWasFitOn() {
        assertThat(verifier).isInstanceOf(LearnedVerifier.class);
        assertThat(LearnedVerifier.orGuardFor(new WordHashEmbedder())).isSameAs(HitVerifier.GUARD);
    }

    @Test
    void shouldRefuseNearMissesThatCosineAloneWouldServe() {
        assertThat(accepts("What is 15% of 200?", "What is 15% of 300?")).as("number swapped").isFalse();
        assertThat(accepts("What is the capital of France?", "What is the capital of Spain?")).as("country swapped").isFalse();
        assertThat(accepts("Can I take ibuprofen with coffee?", "Can I take aspirin with coffee?")).as("drug swapped").isFalse();
        assertThat(accepts("How do I sort a list in Python?", "How do I sort a list in Rust?")).as("language swapped").isFalse();
    }

    @Test
    void shouldAcceptParaphrases() {
        assertThat(accepts("How do I reverse a list in Python?", "How can I reverse a list in Python?")).isTrue();
        assertThat(accepts("What is the capital of France?", "What's the capital city of France?")).isTrue();
    }

    private static boolean accepts(String cached, String asked) {
        float[] cachedVector = bge.embed(cached);
        float[] askedVector = bge.embed(asked);
        return verifier.accepts(askedVector, verifier.features(asked), QuantizedVector.of(cachedVector), verifier.features(cached),
                Embedder.cosine(askedVector, cachedVector));
    }
}
