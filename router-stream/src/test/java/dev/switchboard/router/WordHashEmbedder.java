package dev.switchboard.router;

import dev.switchboard.embeddings.Embedder;
import java.util.Locale;
import java.util.Set;

/**
 * A deterministic stand-in for a sentence model in topology tests: content words hashed into 64 dimensions. It
 * tests the cache's mechanics (scopes, index, guard, expiry), not embedding quality, which the embeddings module
 * measures on STS-B with the real model.
 */
public final class WordHashEmbedder implements Embedder {
    private static final Set<String> STOP = Set.of("what", "is", "a", "an", "the", "of", "please", "tell", "me", "about", "can", "you", "explain", "s", "in");
    private static final int DIMENSIONS = 64;

    @Override
    public float[] embed(String text) {
        float[] vector = new float[DIMENSIONS];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && !STOP.contains(word)) {
                vector[Math.floorMod(word.hashCode(), DIMENSIONS)] += 1;
            }
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIMENSIONS; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public String name() {
        return "word-hash-test";
    }
}
