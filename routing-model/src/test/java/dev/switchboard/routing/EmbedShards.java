package dev.switchboard.routing;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scratch tool (not a test): embeds shard k of K of a data directory's prompts (every K-th prompt) into FILE.k, or,
 * with "combine", joins the K shards into one {@link EmbeddingCache} file, so a slow machine can embed in parallel.
 * Args: DATA FILE K k | DATA FILE K combine.
 */
public final class EmbedShards {
    public static void main(String[] args) throws Exception {
        List<String> prompts = StrongNeedScorer.prompts(RoutingExamples.readDirectory(Path.of(args[0])));
        Path file = Path.of(args[1]);
        int shards = Integer.parseInt(args[2]);
        Embedder embedder = OnnxEmbedder.of(EmbeddingModel.BGE_SMALL_EN_V15_Q);
        if (args[3].equals("combine")) {
            float[][] all = new float[prompts.size()][];
            for (int k = 0; k < shards; k++) {
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(Path.of(file + "." + k))))) {
                    for (int i = k; i < prompts.size(); i += shards) {
                        float[] v = new float[embedder.dimensions()];
                        for (int j = 0; j < v.length; j++) {
                            v[j] = in.readFloat();
                        }
                        all[i] = v;
                    }
                }
            }
            Embedder replay = new Embedder() {
                int next;

                @Override
                public float[] embed(String text) {
                    return all[next++];
                }

                @Override
                public List<float[]> embedAll(List<String> texts) {
                    List<float[]> out = new ArrayList<>();
                    texts.forEach(t -> out.add(embed(t)));
                    return out;
                }

                @Override
                public int dimensions() {
                    return embedder.dimensions();
                }

                @Override
                public String name() {
                    return embedder.name();
                }
            };
            EmbeddingCache.embed(replay, prompts, file, (d, t) -> { });
            return;
        }
        int k = Integer.parseInt(args[3]);
        List<String> mine = new ArrayList<>();
        for (int i = k; i < prompts.size(); i += shards) {
            mine.add(prompts.get(i));
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(Path.of(file + "." + k))))) {
            for (int from = 0; from < mine.size(); from += 64) {
                for (float[] v : embedder.embedAll(mine.subList(from, Math.min(mine.size(), from + 64)))) {
                    for (float f : v) {
                        out.writeFloat(f);
                    }
                }
                out.flush();
                System.out.printf("shard %d: %d/%d%n", k, Math.min(mine.size(), from + 64), mine.size());
            }
        }
    }
}
