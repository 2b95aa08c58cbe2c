package dev.switchboard.benchmarks;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Texts per second of the shipped quantized models (MiniLM-q, bge-small-q) on this machine: the library's own
 * session (ONNX Runtime's default threads; its {@code embedAll} runs one call per text on its own thread pool) against
 * our session with 1 and with all cores' intra-op threads, one text per call and in true batches of 8 and 32. One text
 * per call is what the router does per request, so that rate is the cache-on ceiling of one router thread. Texts are
 * STS-B sentences, in the same order for every row. Prints figures; asserts nothing.
 *
 * <p>Usage: {@code ./benchmarks/run embed [--texts 512]}
 */
public final class EmbedBenchmark {
    private static final int WARMUP = 64;
    /** Process CPU time counts ONNX Runtime's native threads too: texts per CPU-second hold on a busy machine. */
    private static final OperatingSystemMXBean PROCESS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Args.parse(args);
        int count = Integer.parseInt(options.getOrDefault("texts", "512"));
        List<String> sentences = StsSentences.load();
        List<String> warmup = sentences.subList(0, WARMUP);
        List<String> texts = sentences.subList(WARMUP, WARMUP + count);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "embed benchmark: %d STS-B sentences, %d cores, Java %s%n", count, cores, System.getProperty("java.version"));
        for (EmbeddingModel model : List.of(EmbeddingModel.ALL_MINILM_L6_V2_Q, EmbeddingModel.BGE_SMALL_EN_V15_Q)) {
            dev.langchain4j.model.embedding.EmbeddingModel library = model == EmbeddingModel.ALL_MINILM_L6_V2_Q
                    ? new AllMiniLmL6V2QuantizedEmbeddingModel() : new BgeSmallEnV15QuantizedEmbeddingModel();
            List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
            warmup.forEach(library::embed);
            String librarySingle = rate(texts, batch -> batch.forEach(library::embed), 1);
            String libraryAll = rate(texts, batch -> library.embedAll(segments.subList(0, batch.size())), 32);
            System.out.printf(Locale.ROOT, "%-20s library session       one per call %s  embedAll(32) %s%n", model.id(), librarySingle, libraryAll);
            for (int threads : cores > 1 ? List.of(1, cores) : List.of(1)) {
                Embedder ours = OnnxEmbedder.of(model, threads);
                ours.embedAll(warmup);
                warmup.forEach(ours::embed);
                String single = rate(texts, batch -> batch.forEach(ours::embed), 1);
                String eight = rate(texts, ours::embedAll, 8);
                String router = rate(texts, ours::embedAll, ours.batchSize());
                String full = rate(texts, ours::embedAll, 32);
                System.out.printf(Locale.ROOT, "%-20s our session, %d thread%s one per call %s  batch 8 %s  batch %d (the router's) %s  batch 32 %s%n",
                        model.id(), threads, threads == 1 ? " " : "s", single, eight, ours.batchSize(), router, full);
            }
        }
    }

    /** Texts per second when {@code texts} go through {@code call} in slices of {@code batch}. */
    private static String rate(List<String> texts, Consumer<List<String>> call, int batch) {
        List<List<String>> slices = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += batch) {
            slices.add(texts.subList(from, Math.min(texts.size(), from + batch)));
        }
        long cpuStart = PROCESS.getProcessCpuTime();
        long start = System.nanoTime();
        slices.forEach(call);
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (PROCESS.getProcessCpuTime() - cpuStart) / 1e9;
        return String.format(Locale.ROOT, "%6.1f/s (%5.1f per cpu-s)", texts.size() / wall, texts.size() / cpu);
    }
}
