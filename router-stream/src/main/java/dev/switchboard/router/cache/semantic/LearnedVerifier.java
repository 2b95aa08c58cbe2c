package dev.switchboard.router.cache.semantic;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.verify.QuestionProfile;
import dev.switchboard.embeddings.verify.SameQuestionVerifier;

/**
 * The learned same-question verifier ({@link SameQuestionVerifier}) as the semantic index's hit check: each text's
 * {@link QuestionProfile} is computed once and stored next to its int8 vector, and a candidate already past the
 * cosine threshold is served only when the verifier's probability reaches the cut. It replaces the hit guard, which
 * on held-out pairs cost 10-30% of recall for at most 1.7 points of precision (see the README's savings section).
 * The weights were fit on one embedding model's vectors, so it is only used with that model.
 */
public final class LearnedVerifier implements HitVerifier {
    private static final byte KIND = 2;
    /** Loaded once per process: its weights are read-only. */
    private static final SameQuestionVerifier SHIPPED = SameQuestionVerifier.loadDefault();

    private final SameQuestionVerifier verifier;
    private final double cut;

    public LearnedVerifier(SameQuestionVerifier verifier, double cut) {
        if (cut <= 0 || cut >= 1) {
            throw new IllegalArgumentException("verifier cut must be within (0, 1), got " + cut);
        }
        this.verifier = verifier;
        this.cut = cut;
    }

    /**
     * The hit check for a router embedding with {@code embedder}: the shipped verifier at its default cut when its
     * weights were fit on that model's vectors, else the hit guard (a verifier fit on other vectors would misjudge).
     */
    public static HitVerifier orGuardFor(Embedder embedder) {
        return SHIPPED.embeddingModel().equals(embedder.name()) && SHIPPED.dimensions() == embedder.dimensions()
                ? new LearnedVerifier(SHIPPED, SHIPPED.defaultCut())
                : HitVerifier.GUARD;
    }

    @Override
    public byte featureKind() {
        return KIND;
    }

    @Override
    public byte[] features(String text) {
        return QuestionProfile.of(text).toBytes();
    }

    @Override
    public double score(float[] queryVector, byte[] queryFeatures, QuantizedVector cachedVector, byte[] cachedFeatures, double similarity) {
        return verifier.probability(QuestionProfile.fromBytes(queryFeatures), queryVector, QuestionProfile.fromBytes(cachedFeatures),
                cachedVector.toFloats());
    }

    @Override
    public boolean accepts(float[] queryVector, byte[] queryFeatures, QuantizedVector cachedVector, byte[] cachedFeatures, double similarity) {
        return score(queryVector, queryFeatures, cachedVector, cachedFeatures, similarity) >= cut;
    }

    /** The probability a candidate needs (the shipped default, below which the index returns nothing). */
    public double cut() {
        return cut;
    }

    /** The verifier's measured error per probability bin on public pairs: a tenant controller's prior. */
    public double[] priorErrors(int bins) {
        return verifier.priorErrors(bins);
    }
}
