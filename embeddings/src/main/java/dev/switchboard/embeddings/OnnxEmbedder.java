package dev.switchboard.embeddings;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A sentence model run in-process with ONNX Runtime; thread-safe, vectors L2-normalised. The session's intra-op
 * threads are sized to the cores unless told otherwise; {@link #embedAll} runs up to {@link #MAX_BATCH} texts per
 * session call (embeddings/README.md has what that gains on this machine).
 */
public final class OnnxEmbedder implements Embedder {
    /** Larger batches pad more and gain nothing further on short texts. */
    public static final int MAX_BATCH = 32;
    /**
     * What a caller gathering texts should wait for: on 2 cores bge-small-q did 195 texts/s one per call and 507/s in
     * batches of 8, no better at 32 (embeddings/README.md), and a smaller batch waits less to fill.
     */
    static final int PREFERRED_BATCH = 16;

    private final EmbeddingModel model;
    private final OnnxEncoder encoder;

    private OnnxEmbedder(EmbeddingModel model, int intraOpThreads) {
        this.model = model;
        this.encoder = model.open(intraOpThreads);
    }

    /** Loads the model from its jar: a few hundred milliseconds, so create one per process and share it. */
    public static OnnxEmbedder of(EmbeddingModel model) {
        return of(model, Runtime.getRuntime().availableProcessors());
    }

    /** @param intraOpThreads threads ONNX Runtime uses inside one call: the cores, or fewer when several threads embed at once */
    public static OnnxEmbedder of(EmbeddingModel model, int intraOpThreads) {
        return new OnnxEmbedder(model, intraOpThreads);
    }

    @Override
    public float[] embed(String text) {
        return Vectors.normalised(encoder.encode(List.of(text))[0]);
    }

    /**
     * Texts of similar length share a session run: less padding, so less work, and a text's vector stays closer to its
     * one-at-a-time vector (the quantized models scale activations over the whole batch, padding included).
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        Integer[] byLength = new Integer[texts.size()];
        Arrays.setAll(byLength, i -> i);
        Arrays.sort(byLength, Comparator.comparingInt(i -> texts.get(i).length()));
        float[][] vectors = new float[texts.size()][];
        for (int from = 0; from < byLength.length; from += MAX_BATCH) {
            List<Integer> slice = Arrays.asList(byLength).subList(from, Math.min(byLength.length, from + MAX_BATCH));
            float[][] encoded = encoder.encode(slice.stream().map(texts::get).toList());
            for (int i = 0; i < encoded.length; i++) {
                vectors[slice.get(i)] = Vectors.normalised(encoded[i]);
            }
        }
        return Arrays.asList(vectors);
    }

    @Override
    public int batchSize() {
        return PREFERRED_BATCH;
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    @Override
    public String name() {
        return model.id();
    }

    public EmbeddingModel model() {
        return model;
    }
}
