package dev.switchboard.launcher.config;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import dev.switchboard.router.route.ComplexityScorer;
import dev.switchboard.router.route.RoutingRules;
import dev.switchboard.routing.LearnedRouter;
import java.util.Optional;

/** Turns the embeddings setting into the router's sentence embedder and its measured default threshold. */
public final class Embeddings {
    private Embeddings() {
    }

    /** The threshold tenants get unless their policy sets one; 0 (semantic cache off) without a model. */
    public static double defaultThreshold(SwitchboardConfig.EmbeddingSettings settings) {
        return settings.enabled() ? EmbeddingModel.parse(settings.model()).defaultThreshold() : 0;
    }

    public static Optional<Embedder> create(SwitchboardConfig.EmbeddingSettings settings) {
        return settings.enabled() ? Optional.of(OnnxEmbedder.of(EmbeddingModel.parse(settings.model()))) : Optional.empty();
    }

    /**
     * The learned complexity router, when a tenant routes by complexity. It embeds with the model it was trained
     * with: the semantic cache's embedder when that is the same model, else its own.
     */
    public static Optional<ComplexityScorer> complexityScorer(SwitchboardConfig config, Optional<Embedder> cacheEmbedder) {
        if (!config.routerConfig().usesStrategy(RoutingRules.Strategy.COMPLEXITY)) {
            return Optional.empty();
        }
        String trainedWith = LearnedRouter.defaultModelId();
        Optional<Embedder> shared = cacheEmbedder.filter(e -> e.name().equals(trainedWith));
        Embedder embedder = shared.orElseGet(() -> OnnxEmbedder.of(EmbeddingModel.parse(trainedWith)));
        LearnedRouter router = LearnedRouter.loadDefault(embedder);
        return Optional.of(new ComplexityScorer() {
            @Override
            public double strongNeed(String prompt) {
                return router.score(prompt);
            }

            /** The cache's vector is reusable only when the cache embeds with the router's own model. */
            @Override
            public double strongNeed(String prompt, float[] embedding) {
                return shared.isPresent() && embedding != null ? router.scoreEmbedded(prompt, embedding) : router.score(prompt);
            }

            @Override
            public double thresholdForStrongShare(double share) {
                return router.thresholdForStrongShare(share);
            }
        });
    }
}
