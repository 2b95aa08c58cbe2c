package dev.switchboard.embeddings.eval;

import dev.switchboard.embeddings.SimilarityMatcher;

/** Decides whether two texts, with their vectors, are the same question at a threshold. */
@FunctionalInterface
public interface PairMatcher {
    boolean same(String text1, float[] vector1, String text2, float[] vector2, double threshold);

    /** {@link SimilarityMatcher} alone (cosine at or above the threshold), for comparison with a matcher that adds checks. */
    PairMatcher COSINE = (t1, v1, t2, v2, threshold) -> SimilarityMatcher.same(v1, v2, threshold);
}
