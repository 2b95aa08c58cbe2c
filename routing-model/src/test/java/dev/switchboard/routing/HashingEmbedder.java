package dev.switchboard.routing;

import dev.switchboard.embeddings.Embedder;
import java.util.Locale;

/** A tiny deterministic stand-in for a sentence model: each word adds +1/-1 to one of 16 dimensions. */
class HashingEmbedder implements Embedder {
    static final int DIMENSIONS = 16;

    @Override
    public float[] embed(String text) {
        float[] v = new float[DIMENSIONS];
        for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
            if (word.isEmpty()) {
                continue;
            }
            int h = word.hashCode() * 0x9E3779B1;
            v[Math.floorMod(h, DIMENSIONS)] += (h & 0x10000) == 0 ? 1 : -1;
        }
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) Math.sqrt(norm);
            }
        }
        return v;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public String name() {
        return "test-hashing-16";
    }
}
