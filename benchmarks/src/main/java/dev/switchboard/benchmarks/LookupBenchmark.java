package dev.switchboard.benchmarks;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import dev.switchboard.router.cache.semantic.SemanticIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Semantic lookup cost when every entry comes from one template, the batch-work case: "Question N of run R: how many
 * legs does animal number M have?" with 1,000, 10,000 and 100,000 entries in one scope. Vectors are real embeddings
 * of {@code --pool} templated texts with a little noise, so entries crowd each other as templated prompts do. Half the
 * lookups are paraphrases of a stored entry (same numbers, other words: a hit is right), half are new questions (a
 * hit is wrong). Prints lookup p50/p99/max, the paraphrases found, wrong hits and the candidates each lookup
 * examined. Wall-clock time and thread CPU time are both printed: on a shared machine the first includes waits for a
 * core. Asserts nothing.
 *
 * <p>Usage: {@code ./benchmarks/run lookup [--model BGE_SMALL_EN_V15_Q] [--entries 100000] [--pool 500]}
 */
public final class LookupBenchmark {
    private static final int LOOKUPS = 2000;
    private static final int RUNS = 20;
    private static final int ANIMALS = 500;
    /** Thread CPU time does not count the time others' processes hold the cores: the cost of a lookup on a busy machine. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Args.parse(args);
        EmbeddingModel model = EmbeddingModel.parse(options.getOrDefault("model", EmbeddingModel.DEFAULT.name()));
        int maxEntries = Integer.parseInt(options.getOrDefault("entries", "100000"));
        int poolSize = Integer.parseInt(options.getOrDefault("pool", "500"));
        Embedder embedder = OnnxEmbedder.of(model);
        List<float[]> pool = new ArrayList<>();
        List<String> poolTexts = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < poolSize; i++) {
            poolTexts.add(question(1_000_000 + i, 1 + random.nextInt(RUNS), 1 + random.nextInt(ANIMALS)));
        }
        for (int i = 0; i < poolSize; i += 32) {
            pool.addAll(embedder.embedAll(poolTexts.subList(i, Math.min(poolSize, i + 32))));
        }
        System.out.printf(Locale.ROOT, "lookup benchmark: model %s, threshold %.2f, %d templated vectors, %d cores, Java %s%n", model.id(),
                model.defaultThreshold(), pool.size(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        Path state = Files.createTempDirectory("lookup-benchmark");
        try (TopologyTestDriver driver = new TopologyTestDriver(CacheBenchmark.indexOnlyTopology(), CacheBenchmark.props("lookup-benchmark", state))) {
            KeyValueStore<Bytes, byte[]> buckets = driver.getKeyValueStore(SemanticIndex.BUCKETS_STORE);
            KeyValueStore<String, byte[]> entries = driver.getKeyValueStore(SemanticIndex.ENTRIES_STORE);
            SemanticIndex index = new SemanticIndex(buckets, entries, model.dimensions());
            String scope = "b".repeat(64);
            long expiresBase = System.currentTimeMillis() + 86_400_000L;
            List<Stored> stored = new ArrayList<>();
            for (int level : List.of(1_000, 10_000, 100_000)) {
                if (level > maxEntries) {
                    break;
                }
                long insertStart = System.nanoTime();
                int before = stored.size();
                while (stored.size() < level) {
                    int n = stored.size();
                    Stored entry = new Stored(n, 1 + random.nextInt(RUNS), 1 + random.nextInt(ANIMALS), random.nextInt(pool.size()));
                    String key = key(n);
                    index.pending(scope, key, CacheBenchmark.noisy(pool.get(entry.base), random, 0.004), question(n, entry.run, entry.animal), 0);
                    index.answered(key, expiresBase + n);
                    stored.add(entry);
                }
                double insertRate = (level - before) / ((System.nanoTime() - insertStart) / 1e9);
                measure(index, model.defaultThreshold(), scope, pool, stored, random, level, insertRate);
            }
        }
    }

    private static void measure(SemanticIndex index, double threshold, String scope, List<float[]> pool, List<Stored> stored, Random random, int level,
                                double insertRate) {
        long[] nanos = new long[LOOKUPS];
        long[] cpuNanos = new long[LOOKUPS];
        int found = 0;
        int paraphrases = 0;
        int wrong = 0;
        long examined = 0;
        int maxExamined = 0;
        int maxScanned = 0;
        for (int i = 0; i < LOOKUPS; i++) {
            boolean paraphrase = i % 2 == 0;
            String text;
            float[] vector;
            String expected = null;
            if (paraphrase) {
                Stored target = stored.get(random.nextInt(stored.size()));
                text = "How many legs does animal number " + target.animal + " have? (question " + target.n + ", run " + target.run + ")";
                vector = CacheBenchmark.noisy(pool.get(target.base), random, 0.004);
                expected = key(target.n);
                paraphrases++;
            } else {
                int n = 2_000_000 + i;
                text = question(n, 1 + random.nextInt(RUNS), 1 + random.nextInt(ANIMALS));
                vector = CacheBenchmark.noisy(pool.get(random.nextInt(pool.size())), random, 0.004);
            }
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            SemanticIndex.Lookup lookup = index.lookup(scope, index.question(text, vector), threshold, 1);
            nanos[i] = System.nanoTime() - start;
            cpuNanos[i] = THREADS.getCurrentThreadCpuTime() - cpuStart;
            examined += lookup.examined();
            maxExamined = Math.max(maxExamined, lookup.examined());
            maxScanned = Math.max(maxScanned, lookup.scanned());
            if (lookup.match().isPresent()) {
                if (lookup.match().get().exactKey().equals(expected)) {
                    found++;
                } else {
                    wrong++;
                }
            }
        }
        Percentiles p = new Percentiles(nanos);
        Percentiles cpu = new Percentiles(cpuNanos);
        System.out.printf(Locale.ROOT, "%,7d entries  lookup wall p50 %.3f ms p99 %.3f ms max %.3f ms | cpu p50 %.3f ms p99 %.3f ms"
                        + " | paraphrases found %d/%d, wrong hits %d | candidates examined avg %.1f max %d, index keys read max %d (inserts %.0f/s)%n",
                level, p.millis(50), p.millis(99), p.millis(100), cpu.millis(50), cpu.millis(99), found, paraphrases, wrong,
                examined / (double) LOOKUPS, maxExamined, maxScanned, insertRate);
    }

    private record Stored(int n, int run, int animal, int base) {
    }

    private static String question(int n, int run, int animal) {
        return "Question " + n + " of run " + run + ": how many legs does animal number " + animal + " have?";
    }

    private static String key(int n) {
        return HexFormat.of().formatHex(CacheBenchmark.sha(n));
    }
}
