package dev.switchboard.embeddings;

import dev.switchboard.embeddings.OnnxEncoder.Pooling;
import java.util.Arrays;

/**
 * The in-process sentence models shipped in Maven Central jars (model and tokenizer inside; nothing is downloaded
 * at run time). Each has its own similarity scale, so each carries its own threshold: the lowest at which the
 * router's match rule (cosine and hit guard) reaches a precision of 0.95 on the STS-B train split (score >= 4 same,
 * <= 2 different); embeddings/README.md has the measurement and the dev and test figures.
 */
public enum EmbeddingModel {
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", 384, 0.73, Pooling.MEAN),
    ALL_MINILM_L6_V2("all-minilm-l6-v2", 384, 0.73, Pooling.MEAN),
    BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", 384, 0.82, Pooling.CLS);

    /**
     * The model a deployment gets unless it names one: the best precision and recall on STS-B of the three (F1 0.92
     * to 0.95 at precision 0.95 against 0.81 to 0.88 for MiniLM), at about 1.7 times MiniLM-q's time per text.
     */
    public static final EmbeddingModel DEFAULT = BGE_SMALL_EN_V15_Q;

    private final String id;
    private final int dimensions;
    private final double defaultThreshold;
    private final Pooling pooling;

    EmbeddingModel(String id, int dimensions, double defaultThreshold, Pooling pooling) {
        this.id = id;
        this.dimensions = dimensions;
        this.defaultThreshold = defaultThreshold;
        this.pooling = pooling;
    }

    public String id() {
        return id;
    }

    public int dimensions() {
        return dimensions;
    }

    /** The cosine at or above which two questions are taken as the same, for this model. */
    public double defaultThreshold() {
        return defaultThreshold;
    }

    /**
     * The lowest cosine threshold reaching precision 0.95 on STS-B train with {@code SimilarityMatcher} alone (no hit
     * guard): for callers that decide on similarity only. Measured by {@code StsbEvaluation}; see embeddings/README.md.
     */
    public double cosineThreshold() {
        return switch (this) {
            case ALL_MINILM_L6_V2_Q -> 0.79;
            case ALL_MINILM_L6_V2 -> 0.80;
            case BGE_SMALL_EN_V15_Q -> 0.83;
        };
    }

    /** Opens the model and tokenizer packaged in its LangChain4j jar (named there by the model id). */
    OnnxEncoder open(int intraOpThreads) {
        return new OnnxEncoder(id + ".onnx", id + "-tokenizer.json", pooling, intraOpThreads);
    }

    /** Accepts the enum name or the id, case-insensitively. */
    public static EmbeddingModel parse(String name) {
        for (EmbeddingModel model : values()) {
            if (model.name().equalsIgnoreCase(name) || model.id.equalsIgnoreCase(name)) {
                return model;
            }
        }
        throw new IllegalArgumentException("unknown embedding model '" + name + "'; known: " + Arrays.toString(values()));
    }
}
