package dev.switchboard.router.cache.semantic;

/**
 * Decides whether a cached question, already at least the threshold similar, may answer a new one. Its features are
 * computed once per text ({@link #features}) and stored with the cached question's vector, tagged with
 * {@link #featureKind()}: a verifier of another kind (a learned one) can replace this one without a migration, since
 * entries whose blob is of another kind have their features computed again from their text.
 */
public interface HitVerifier {
    /** The hit guard's deciding words ({@link DecisiveWords}). */
    HitVerifier GUARD = new HitVerifier() {
        @Override
        public byte featureKind() {
            return 1;
        }

        @Override
        public byte[] features(String text) {
            return DecisiveWords.of(text).encode();
        }

        @Override
        public boolean accepts(float[] queryVector, byte[] queryFeatures, QuantizedVector cachedVector, byte[] cachedFeatures, double similarity) {
            return HitGuard.agree(DecisiveWords.decode(queryFeatures, 0, queryFeatures.length),
                    DecisiveWords.decode(cachedFeatures, 0, cachedFeatures.length));
        }
    };

    byte featureKind();

    byte[] features(String text);

    /**
     * The evidence in [0, 1] that the two ask the same, on the scale a tenant's error bound moves its cut on
     * (router.cache.bound): the learned verifier's probability; for the guard, the cosine itself.
     */
    default double score(float[] queryVector, byte[] queryFeatures, QuantizedVector cachedVector, byte[] cachedFeatures, double similarity) {
        return Math.max(0, Math.min(1, similarity));
    }

    /** Called only for a cached question of the same scope, live, with {@code similarity} at or above the threshold. */
    boolean accepts(float[] queryVector, byte[] queryFeatures, QuantizedVector cachedVector, byte[] cachedFeatures, double similarity);
}
