package dev.switchboard.routing;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code eval router} report for a router file on its held-out subjects, scored from the training run's embedding
 * cache (the same vectors, so the same scores as embedding again, without the minutes). Args: data dir, embedding
 * cache, router file.
 */
public final class HeldOutReport {
    public static void main(String[] args) throws Exception {
        List<Example> all = RoutingExamples.readDirectory(Path.of(args[0]));
        Embedder embedder = OnnxEmbedder.of(EmbeddingModel.BGE_SMALL_EN_V15_Q);
        List<float[]> vectors = EmbeddingCache.embed(embedder, StrongNeedScorer.prompts(all), Path.of(args[1]), (d, t) -> { });
        LearnedRouter router;
        try (InputStream in = new FileInputStream(args[2])) {
            router = LearnedRouter.load(in, embedder);
        }
        Set<String> heldOut = new HashSet<>(router.metadata().heldOutSubjects());
        List<Example> examples = new ArrayList<>();
        Map<String, Double> scores = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            if (heldOut.contains(all.get(i).subject())) {
                examples.add(all.get(i));
                scores.put(all.get(i).prompt(), router.scoreEmbedded(all.get(i).prompt(), vectors.get(i)));
            }
        }
        new EvalRouterCommand().run(examples, scores::get, args[2], System.out);
    }
}
