package dev.switchboard.launcher.config;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
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
}
