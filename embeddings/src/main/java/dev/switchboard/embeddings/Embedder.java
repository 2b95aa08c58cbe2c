package dev.switchboard.embeddings;

import java.util.ArrayList;
import java.util.List;

/** Turns text into an L2-normalised vector, so the cosine of two vectors is their dot product. */
public interface Embedder {
    float[] embed(String text);

    default List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }

    int dimensions();

    String name();

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
