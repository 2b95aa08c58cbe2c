package dev.switchboard.embeddings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Texts per second of an in-process model, one text per call and in batches. Not a test: run it by hand
 * (embeddings/README.md has the command). Arguments: model (default {@link EmbeddingModel#DEFAULT}), batch size
 * (default 32), STS-B data directory (for realistic sentences; default /work/shared/data).
 */
public final class EmbedderBenchmark {
    private static final int WARMUP = 200;
    private static final int TEXTS = 1024;

    private EmbedderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddingModel model = args.length > 0 ? EmbeddingModel.parse(args[0]) : EmbeddingModel.DEFAULT;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Path sts = Path.of(args.length > 2 ? args[2] : "/work/shared/data", "paraphrase", "stsb", "sts-test.csv");
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(sts)) {
            texts.add(line.split("\t")[5]);
            if (texts.size() == WARMUP + TEXTS) {
                break;
            }
        }
        long loadStart = System.nanoTime();
        Embedder embedder = OnnxEmbedder.of(model);
        double loadMs = (System.nanoTime() - loadStart) / 1e6;
        List<String> warmup = texts.subList(0, WARMUP);
        List<String> measured = texts.subList(WARMUP, texts.size());
        warmup.forEach(embedder::embed);

        long start = System.nanoTime();
        for (String text : measured) {
            embedder.embed(text);
        }
        double single = measured.size() / ((System.nanoTime() - start) / 1e9);

        embedder.embedAll(warmup);
        start = System.nanoTime();
        for (int from = 0; from < measured.size(); from += batch) {
            embedder.embedAll(measured.subList(from, Math.min(measured.size(), from + batch)));
        }
        double batched = measured.size() / ((System.nanoTime() - start) / 1e9);

        System.out.printf(Locale.ROOT, "%s: load %.0f ms; %d STS-B sentences on %d cores, Java %s%n", model.id(), loadMs, measured.size(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.printf(Locale.ROOT, "batch 1:  %7.1f texts/s (%.2f ms per text)%n", single, 1000 / single);
        System.out.printf(Locale.ROOT, "batch %d: %7.1f texts/s (%.2f ms per text)%n", batch, batched, 1000 / batched);
    }
}
