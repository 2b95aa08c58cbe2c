package dev.switchboard.embeddings;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into an L2-normalised vector, so the cosine of two vectors is their dot product. Implementations are
 * thread-safe: one instance is shared by every caller in a process.
 */
public interface Embedder {
    /** The unit-length vector of {@code text}, {@link #dimensions()} long. */
    float[] embed(String text);

    /** One vector per text, in order. Implementations batch where that is cheaper. */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }

    /**
     * How many texts a caller should gather for one {@link #embedAll} call: 1 when batching gains nothing (the
     * default), more when one call over several texts costs less per text than one call each.
     */
    default int batchSize() {
        return 1;
    }

    int dimensions();

    /** A short name for logs and reports, e.g. the model id. */
    String name();

    /** The cosine of two unit vectors (their dot product), from -1 to 1. */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " and " + b.length);
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
