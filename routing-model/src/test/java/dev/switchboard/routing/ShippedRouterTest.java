package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import org.junit.jupiter.api.Test;

class ShippedRouterTest {
    @Test
    void shouldLoadTheShippedRouterAndScoreOnePrompt() {
        String modelId = LearnedRouter.defaultModelId();
        LearnedRouter router = LearnedRouter.loadDefault(OnnxEmbedder.of(EmbeddingModel.parse(modelId)));

        double score = router.score("What is 17 * 23?\nA. 391\nB. 401\nC. 381\nD. 371\nAnswer:");

        assertThat(score).isBetween(0.0, 1.0);
        assertThat(router.modelId()).isEqualTo(modelId);
        LearnedRouter.Metadata m = router.metadata();
        assertThat(m.trainingSubjects()).hasSize(43).doesNotContainAnyElementsOf(m.heldOutSubjects());
        assertThat(m.heldOutSubjects()).hasSize(14);
        assertThat(m.trainingExamples() + m.heldOutExamples()).isEqualTo(14042);
        assertThat(m.seed()).isEqualTo(7);
        assertThat(router.label()).isEqualTo(LearnedRouter.Label.STRONG_MINUS_WEAK);
    }
}
