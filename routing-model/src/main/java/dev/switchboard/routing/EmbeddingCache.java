package dev.switchboard.routing;

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
import java.util.List;

/**
 * Embeds a list of prompts in batches (reporting progress), optionally reusing a binary file from an earlier run
 * of the same model over the same prompts (checked by model name, count and a hash of the prompts).
 */
final class EmbeddingCache {
    private static final int BATCH = 256;

    private EmbeddingCache() {
    }

    interface Progress {
        void done(int embedded, int total);
    }

    static List<float[]> embed(Embedder embedder, List<String> prompts, Path cache, Progress progress) {
        long hash = hash(prompts);
        if (cache != null && Files.exists(cache)) {
            List<float[]> cached = read(cache, embedder, prompts.size(), hash);
            if (cached != null) {
                return cached;
            }
        }
        List<float[]> vectors = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += BATCH) {
            vectors.addAll(embedder.embedAll(prompts.subList(from, Math.min(prompts.size(), from + BATCH))));
            progress.done(vectors.size(), prompts.size());
        }
        if (cache != null) {
            write(cache, embedder, vectors, hash);
        }
        return vectors;
    }

    private static List<float[]> read(Path cache, Embedder embedder, int count, long hash) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
            if (!in.readUTF().equals(embedder.name()) || in.readInt() != count || in.readInt() != embedder.dimensions() || in.readLong() != hash) {
                return null;
            }
            List<float[]> vectors = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                float[] v = new float[embedder.dimensions()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                vectors.add(v);
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path cache, Embedder embedder, List<float[]> vectors, long hash) {
        try {
            if (cache.toAbsolutePath().getParent() != null) {
                Files.createDirectories(cache.toAbsolutePath().getParent());
            }
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(cache)))) {
                out.writeUTF(embedder.name());
                out.writeInt(vectors.size());
                out.writeInt(embedder.dimensions());
                out.writeLong(hash);
                for (float[] v : vectors) {
                    for (float f : v) {
                        out.writeFloat(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long hash(List<String> prompts) {
        long h = 1125899906842597L;
        for (String p : prompts) {
            h = 31 * h + p.hashCode();
        }
        return h;
    }
}
