package dev.switchboard.embeddings;

import dev.langchain4j.data.segment.TextSegment;
import java.util.ArrayList;
import java.util.List;

/** A sentence model run in-process with ONNX Runtime; thread-safe, vectors L2-normalised. */
public final class OnnxEmbedder implements Embedder {
    private final EmbeddingModel model;
    private final dev.langchain4j.model.embedding.EmbeddingModel onnx;

    private OnnxEmbedder(EmbeddingModel model) {
        this.model = model;
        this.onnx = model.load();
    }

    /** Loads the model from its jar: a few hundred milliseconds, so create one per process and share it. */
    public static OnnxEmbedder of(EmbeddingModel model) {
        return new OnnxEmbedder(model);
    }

    @Override
    public float[] embed(String text) {
        return Vectors.normalised(onnx.embed(text).content().vector());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        List<float[]> vectors = new ArrayList<>(texts.size());
        onnx.embedAll(segments).content().forEach(e -> vectors.add(Vectors.normalised(e.vector())));
        return vectors;
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
