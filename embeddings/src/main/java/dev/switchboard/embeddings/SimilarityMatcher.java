package dev.switchboard.embeddings;

/**
 * The similarity rule for "same question": the cosine of the two unit vectors is at least the threshold. The
 * evaluation ({@code PairEvaluation}, {@code switchboard eval cache}) and the router's semantic cache both decide
 * through this class, so the precision measured is the precision served. A cache adds its own checks (a hit guard)
 * on top; it never uses a looser similarity rule than this one.
 */
public final class SimilarityMatcher {
    private SimilarityMatcher() {
    }

    /** Decides from two unit vectors; {@code threshold} must be in [-1, 1]. */
    public static MatchDecision decide(float[] a, float[] b, double threshold) {
        checkThreshold(threshold);
        double similarity = Embedder.cosine(a, b);
        return new MatchDecision(similarity, threshold, isSame(similarity, threshold));
    }

    public static boolean same(float[] a, float[] b, double threshold) {
        return decide(a, b, threshold).same();
    }

    /** The rule on an already computed similarity (e.g. from a quantized stored vector). */
    public static boolean isSame(double similarity, double threshold) {
        return similarity >= threshold;
    }

    static void checkThreshold(double threshold) {
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be a cosine between -1 and 1, got " + threshold);
        }
    }
}
