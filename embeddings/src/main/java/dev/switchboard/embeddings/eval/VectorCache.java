package dev.switchboard.embeddings.eval;

import dev.switchboard.embeddings.Embedder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vectors of many texts, each embedded once, optionally kept in a file between runs (per model: the file names
 * the model, and a file of another model is ignored). Embedding is deterministic, so a cached run gives the same
 * figures as a fresh one; the cache only saves time.
 */
public final class VectorCache {
    private static final int BATCH = 64;

    private VectorCache() {
    }

    /** The vector of every distinct text; {@code file} may be null (no cache). */
    public static Map<String, float[]> embed(Embedder embedder, List<String> texts, Path file) {
        Map<String, float[]> vectors = file != null && Files.exists(file) ? read(file, embedder) : new LinkedHashMap<>();
        List<String> missing = texts.stream().distinct().filter(t -> !vectors.containsKey(t)).toList();
        for (int from = 0; from < missing.size(); from += BATCH) {
            List<String> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
            List<float[]> embedded = embedder.embedAll(batch);
            for (int i = 0; i < batch.size(); i++) {
                vectors.put(batch.get(i), embedded.get(i));
            }
        }
        if (file != null && !missing.isEmpty()) {
            write(file, embedder, vectors);
        }
        Map<String, float[]> result = new LinkedHashMap<>();
        for (String t : texts) {
            result.put(t, vectors.get(t));
        }
        return result;
    }

    /** Every text of the pairs, embedded once. */
    public static Map<String, float[]> embedPairs(Embedder embedder, List<TextPair> pairs, Path file) {
        List<String> texts = new ArrayList<>();
        for (TextPair p : pairs) {
            texts.add(p.text1());
            texts.add(p.text2());
        }
        return embed(embedder, texts, file);
    }

    private static Map<String, float[]> read(Path file, Embedder embedder) {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!in.readUTF().equals(embedder.name()) || in.readInt() != embedder.dimensions()) {
                return vectors;
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String text = in.readUTF();
                float[] v = new float[embedder.dimensions()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                vectors.put(text, v);
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vector cache " + file, e);
        }
    }

    private static void write(Path file, Embedder embedder, Map<String, float[]> vectors) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeUTF(embedder.name());
                out.writeInt(embedder.dimensions());
                out.writeInt(vectors.size());
                for (Map.Entry<String, float[]> e : vectors.entrySet()) {
                    out.writeUTF(e.getKey());
                    for (float f : e.getValue()) {
                        out.writeFloat(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write vector cache " + file, e);
        }
    }
}
