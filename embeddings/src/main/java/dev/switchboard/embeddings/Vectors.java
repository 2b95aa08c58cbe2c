package dev.switchboard.embeddings;

/** Small vector helpers shared by the embedders. */
public final class Vectors {
    private Vectors() {
    }

    /** A copy scaled to unit length, so cosine is a dot product; a zero vector stays zero. */
    public static float[] normalised(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float[] unit = vector.clone();
        if (norm == 0) {
            return unit;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < unit.length; i++) {
            unit[i] *= scale;
        }
        return unit;
    }
}
