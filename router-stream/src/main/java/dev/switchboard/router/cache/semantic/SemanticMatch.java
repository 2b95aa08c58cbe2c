package dev.switchboard.router.cache.semantic;

/**
 * The one rule deciding whether a cached question may answer a new one: the stored (quantized) vector is at least
 * {@code threshold} similar, and the {@link HitGuard} finds no deciding word that differs. The router's index and
 * the {@code switchboard eval cache} command both call it, so the precision measured is the precision served.
 */
public final class SemanticMatch {
    private SemanticMatch() {
    }

    /** The similarity as the index computes it, from the cached question's stored vector. */
    public static double similarity(float[] query, QuantizedVector cached) {
        return cached.cosine(query);
    }

    public static boolean accepts(String query, float[] queryVector, String cached, QuantizedVector cachedVector, double threshold) {
        return similarity(queryVector, cachedVector) >= threshold && HitGuard.agree(query, cached);
    }
}
