package dev.switchboard.embeddings.eval;

import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.OnnxEmbedder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The full STS-B measurement behind each model's default threshold: for every model, the lowest cosine threshold
 * reaching precision 0.95 on train, then precision, recall and F1 at that threshold on train, dev and test.
 * Takes about a minute per model, so it is not in the default test run: run {@code StsbEvaluationTest} with
 * {@code -Dswitchboard.eval=true}, or this main with the data directory as the first argument.
 */
public final class StsbEvaluation {
    public static final double MIN_PRECISION = 0.95;

    private StsbEvaluation() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/work/shared/data", "paraphrase", "stsb");
        List<EmbeddingModel> models = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            models.add(EmbeddingModel.parse(args[i]));
        }
        run(dir, models.isEmpty() ? List.of(EmbeddingModel.values()) : models, System.out);
    }

    static void run(Path dir, List<EmbeddingModel> models, PrintStream out) throws IOException {
        List<TextPair> train = StsBenchmark.read(dir, "train");
        List<TextPair> dev = StsBenchmark.read(dir, "dev");
        List<TextPair> test = StsBenchmark.read(dir, "test");
        out.printf(Locale.ROOT, "STS-B, score >= 4 same, <= 2 different: train %d pairs, dev %d, test %d%n", train.size(), dev.size(), test.size());
        out.println("| model | threshold (train, P >= 0.95) | split | precision | recall | F1 | pairs |");
        out.println("|---|---|---|---|---|---|---|");
        for (EmbeddingModel model : models) {
            long start = System.nanoTime();
            Embedder embedder = OnnxEmbedder.of(model);
            PairEvaluation onTrain = new PairEvaluation(train, embedder);
            Scores chosen = onTrain.chooseThreshold(MIN_PRECISION).orElseThrow(() -> new IllegalStateException(model + " never reaches " + MIN_PRECISION));
            double threshold = chosen.threshold();
            row(out, model, threshold, "train", chosen);
            row(out, model, threshold, "dev", new PairEvaluation(dev, embedder).at(threshold));
            row(out, model, threshold, "test", new PairEvaluation(test, embedder).at(threshold));
            double capitals = Embedder.cosine(embedder.embed("What is the capital of France?"), embedder.embed("What is the capital of Germany?"));
            out.printf(Locale.ROOT, "<!-- %s: %.1f s for all three splits; 'capital of France?' vs 'capital of Germany?' cosine %.4f -->%n",
                    model, (System.nanoTime() - start) / 1e9, capitals);
        }
    }

    private static void row(PrintStream out, EmbeddingModel model, double threshold, String split, Scores s) {
        out.printf(Locale.ROOT, "| %s | %.2f | %s | %.4f | %.4f | %.4f | %d |%n", model.id(), threshold, split, s.precision(), s.recall(), s.f1(), s.pairs());
    }
}
