package dev.switchboard.launcher.config;

import dev.switchboard.embeddings.Embedder;
import java.util.Optional;

/** Turns the embeddings setting into the router's sentence embedder and its measured default threshold. */
public final class Embeddings {
    private Embeddings() {
    }

    /** The threshold tenants get unless their policy sets one; 0 (semantic cache off) without a model. */
    public static double defaultThreshold(SwitchboardConfig.EmbeddingSettings settings) {
        return 0;
    }

    public static Optional<Embedder> create(SwitchboardConfig.EmbeddingSettings settings) {
        return Optional.empty();
    }
}
