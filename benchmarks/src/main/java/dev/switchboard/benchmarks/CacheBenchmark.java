package dev.switchboard.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.RouterTopology;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.cache.semantic.SemanticIndex;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The semantic cache's figures: embedder throughput (one text at a time and batched), index lookup latency at
 * 1,000, 10,000 and 100,000 entries in one tenant's scope, and router throughput with the semantic cache on and off
 * (off is the baseline, measured in the same run). Prints figures; asserts nothing.
 *
 * <p>Usage: {@code ./benchmarks/run cache [--model BGE_SMALL_EN_V15_Q] [--entries 100000] [--requests 1000]}
 */
public final class CacheBenchmark {
    private static final int LOOKUPS = 1000;
    private static final int REAL_VECTORS = 1500;
    /** Process CPU time counts ONNX Runtime's native threads too. */
    private static final OperatingSystemMXBean PROCESS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Args.parse(args);
        EmbeddingModel model = EmbeddingModel.parse(options.getOrDefault("model", "BGE_SMALL_EN_V15_Q"));
        int maxEntries = Integer.parseInt(options.getOrDefault("entries", "100000"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "1000"));
        List<String> sentences = StsSentences.load();
        System.out.printf(Locale.ROOT, "cache benchmark: model %s, %d STS-B sentences, %d cores, Java %s%n", model.id(), sentences.size(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        Embedder embedder = OnnxEmbedder.of(model);
        List<float[]> real = embedderThroughput(embedder, sentences);
        lookupLatency(real, maxEntries, model.defaultThreshold());
        routerThroughput(embedder, sentences, requests, model.defaultThreshold());
    }

    /** Texts per second, one at a time and in batches of 32; returns vectors of real sentences for the index test. */
    private static List<float[]> embedderThroughput(Embedder embedder, List<String> sentences) {
        embedder.embed("warm up the session");
        List<String> single = sentences.subList(0, 300);
        long start = System.nanoTime();
        for (String text : single) {
            embedder.embed(text);
        }
        double singleRate = single.size() / seconds(start);
        List<String> batched = sentences.subList(300, 300 + REAL_VECTORS);
        List<float[]> vectors = new ArrayList<>();
        start = System.nanoTime();
        for (int i = 0; i < batched.size(); i += 32) {
            vectors.addAll(embedder.embedAll(batched.subList(i, Math.min(batched.size(), i + 32))));
        }
        double batchRate = batched.size() / seconds(start);
        System.out.printf(Locale.ROOT, "embedder: batch 1 %.0f texts/s (%.1f ms each); batch 32 %.0f texts/s; ratio %.2f%n",
                singleRate, 1000 / singleRate, batchRate, batchRate / singleRate);
        return vectors;
    }

    /**
     * Lookup latency in one scope as it grows. Entries beyond the real sentences are real vectors with noise added
     * (cosine 0.75-0.98 to their source), so they cluster as paraphrases do instead of spreading evenly.
     */
    private static void lookupLatency(List<float[]> real, int maxEntries, double threshold) throws Exception {
        Path state = Files.createTempDirectory("cache-benchmark");
        try (TopologyTestDriver driver = new TopologyTestDriver(indexOnlyTopology(), props("index-benchmark", state))) {
            KeyValueStore<Bytes, byte[]> buckets = driver.getKeyValueStore(SemanticIndex.BUCKETS_STORE);
            KeyValueStore<String, byte[]> entries = driver.getKeyValueStore(SemanticIndex.ENTRIES_STORE);
            SemanticIndex index = new SemanticIndex(buckets, entries, real.get(0).length);
            String scope = "a".repeat(64);
            Random random = new Random(7);
            long far = Instant.now().plus(Duration.ofDays(1)).toEpochMilli();
            int inserted = 0;
            for (int level : List.of(1_000, 10_000, 100_000)) {
                if (level > maxEntries) {
                    break;
                }
                long insertStart = System.nanoTime();
                for (; inserted < level; inserted++) {
                    String key = HexFormat.of().formatHex(sha(inserted));
                    index.pending(scope, key, noisy(real.get(random.nextInt(real.size())), random), "entry " + inserted, 0);
                    index.answered(key, far);
                }
                double insertRate = (level - (level == 1_000 ? 0 : level / 10)) / seconds(insertStart);
                long[] nanos = new long[LOOKUPS];
                int hits = 0;
                for (int i = 0; i < LOOKUPS; i++) {
                    float[] query = noisy(real.get(random.nextInt(real.size())), random);
                    long start = System.nanoTime();
                    hits += index.nearest(scope, query, "entry query", threshold, 1).isPresent() ? 1 : 0;
                    nanos[i] = System.nanoTime() - start;
                }
                Percentiles p = new Percentiles(nanos);
                System.out.printf(Locale.ROOT, "index: %,7d entries  lookup p50 %.3f ms  p99 %.3f ms  (hits %d/%d; inserts %.0f/s)%n",
                        level, p.millis(50), p.millis(99), hits, LOOKUPS, insertRate);
            }
        }
    }

    /**
     * Requests per second through the real router topology, all distinct questions (every one a miss, each answered
     * at once through llm.cache-fill so the index grows as it would), for STS-B sentences and for one template. Also
     * per CPU-second of the whole process (ONNX Runtime's threads included), which holds on a busy machine, and that
     * figure as a fraction of the embedder's own one-text-per-call rate: the cache-on ceiling.
     */
    private static void routerThroughput(Embedder embedder, List<String> sentences, int requests, double threshold) throws Exception {
        List<String> templated = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < sentences.size(); i++) {
            templated.add("Question " + i + " of run " + (1 + random.nextInt(20)) + ": how many legs does animal number " + (1 + random.nextInt(500)) + " have?");
        }
        long cpuStart = PROCESS.getProcessCpuTime();
        List<String> sample = sentences.subList(0, Math.min(300, sentences.size()));
        sample.forEach(embedder::embed);
        double embedPerCpuSecond = sample.size() / ((PROCESS.getProcessCpuTime() - cpuStart) / 1e9);
        cpuStart = PROCESS.getProcessCpuTime();
        for (int from = 0; from < sample.size(); from += embedder.batchSize()) {
            embedder.embedAll(sample.subList(from, Math.min(sample.size(), from + embedder.batchSize())));
        }
        double batchedPerCpuSecond = sample.size() / ((PROCESS.getProcessCpuTime() - cpuStart) / 1e9);
        System.out.printf(Locale.ROOT, "embedder %s: one per call %.0f per cpu-s, batches of %d %.0f per cpu-s%n", embedder.name(), embedPerCpuSecond,
                embedder.batchSize(), batchedPerCpuSecond);
        for (Map.Entry<String, List<String>> texts : List.of(Map.entry("STS-B sentences", sentences), Map.entry("one template", templated))) {
            Rate off = routerRate(Optional.empty(), texts.getValue(), requests, 0);
            MeteredEmbedder metered = new MeteredEmbedder(embedder);
            Rate on = routerRate(Optional.of(metered), texts.getValue(), requests, threshold);
            System.out.printf(Locale.ROOT, "router (TopologyTestDriver, RocksDB, one thread), %s: semantic off %.0f req/s (%.0f per cpu-s); "
                            + "on %.0f req/s (%.0f per cpu-s; embedding %.0f%% of its CPU); on/off %.3f; on per cpu-s / embedder one-per-call "
                            + "%.0f per cpu-s = %.2f, / embedder batched %.0f per cpu-s = %.2f%n",
                    texts.getKey(), off.wall(), off.perCpuSecond(), on.wall(), on.perCpuSecond(), 100 * metered.cpuNanos / (on.cpuNanos() + 1e-9),
                    on.perCpuSecond() / off.perCpuSecond(), embedPerCpuSecond, on.perCpuSecond() / embedPerCpuSecond, batchedPerCpuSecond,
                    on.perCpuSecond() / batchedPerCpuSecond);
        }
    }

    private record Rate(double wall, double perCpuSecond, long cpuNanos) {
    }

    /** Counts the process CPU spent inside embedding calls (the driver runs on one thread, so nothing else runs then but GC). */
    private static final class MeteredEmbedder implements Embedder {
        private final Embedder inner;
        private long cpuNanos;

        MeteredEmbedder(Embedder inner) {
            this.inner = inner;
        }

        @Override
        public float[] embed(String text) {
            long start = PROCESS.getProcessCpuTime();
            float[] vector = inner.embed(text);
            cpuNanos += PROCESS.getProcessCpuTime() - start;
            return vector;
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            long start = PROCESS.getProcessCpuTime();
            List<float[]> vectors = inner.embedAll(texts);
            cpuNanos += PROCESS.getProcessCpuTime() - start;
            return vectors;
        }

        /** The router's standard lane gathers misses in batches of this size, as it would with the model itself. */
        @Override
        public int batchSize() {
            return inner.batchSize();
        }

        @Override
        public int dimensions() {
            return inner.dimensions();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }

    private static Rate routerRate(Optional<Embedder> embedder, List<String> questions, int requests, double threshold) throws Exception {
        TenantPolicy policy = new TenantPolicy(Set.of(), "sim/small", "sim/large", List.of(), Duration.ofHours(1), threshold, 1.0, null);
        RouterConfig config = new RouterConfig(List.of("sim/small", "sim/large"), Duration.ofHours(24), Duration.ofMinutes(2), 400_000, policy, Map.of(), Map.of());
        SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://cache-benchmark");
        Path state = Files.createTempDirectory("router-benchmark");
        try (TopologyTestDriver driver = new TopologyTestDriver(RouterTopology.build(config, ModelCatalog.loadDefault(), serdes, embedder),
                props("router-benchmark", state))) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic(Topics.requests(Tier.STANDARD), new StringSerializer(), new ByteArraySerializer());
            TestInputTopic<String, CacheFill> fills = driver.createInputTopic(Topics.CACHE_FILL, new StringSerializer(), serdes.cacheFill().serializer());
            TestOutputTopic<String, RoutedRequest> routes = driver.createOutputTopic(Topics.route("sim/small", Tier.STANDARD), new StringDeserializer(),
                    serdes.routed().deserializer());
            int warmup = Math.min(100, requests / 10);
            long start = 0;
            long cpuStart = 0;
            for (int i = 0; i < requests + warmup; i++) {
                if (i == warmup) {
                    start = System.nanoTime();
                    cpuStart = PROCESS.getProcessCpuTime();
                    if (embedder.orElse(null) instanceof MeteredEmbedder metered) {
                        metered.cpuNanos = 0;
                    }
                }
                String question = questions.get(i % questions.size()).replace("\\", "").replace("\"", "'");
                String json = "{\"request_id\":\"b" + i + "\",\"tenant\":\"acme\",\"model\":\"sim/small\",\"tier\":\"standard\",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + question + "\"}]}";
                input.pipeInput("acme", json.getBytes(StandardCharsets.UTF_8));
                for (RoutedRequest routed : routes.readValuesToList()) {
                    LlmResponse answer = Responses.base(routed.getRequest().getRequestId(), "acme", ResponseStatus.OK, Instant.now()).setModel("sim/small")
                            .setProvider("simulator").setContent("An answer.").setFinishReason("stop").setUsage(new Usage(10, 5, 0, 0))
                            .setCost(Money.of("0.000003")).build();
                    fills.pipeInput("acme", new CacheFill("acme", routed.getRequest().getRequestId(), routed.getCacheKey(), null, answer, routed.getSemantic()));
                }
            }
            // The last part batch goes at the lane's next punctuation.
            driver.advanceWallClockTime(Duration.ofMillis(10));
            long cpu = PROCESS.getProcessCpuTime() - cpuStart;
            return new Rate(requests / seconds(start), requests / (cpu / 1e9), cpu);
        }
    }

    /** The semantic stores alone, without changelogs, so the driver does not keep a million changelog records. */
    static Topology indexOnlyTopology() {
        Topology topology = new Topology();
        topology.addSource("source", new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(), "unused")
                .addProcessor("noop", NoOp::new, "source")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SemanticIndex.BUCKETS_STORE), Serdes.Bytes(), Serdes.ByteArray())
                        .withLoggingDisabled(), "noop")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SemanticIndex.ENTRIES_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(), "noop");
        return topology;
    }

    /** Holds the stores; processes nothing. */
    private static final class NoOp implements Processor<Object, Object, Void, Void> {
        @Override
        public void process(Record<Object, Object> record) {
        }
    }

    static Properties props(String application, Path state) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        return props;
    }

    private static float[] noisy(float[] base, Random random) {
        return noisy(base, random, 0.01 + random.nextDouble() * 0.03);
    }

    /** {@code base} plus Gaussian noise of {@code sigma} per dimension, back to unit length. */
    static float[] noisy(float[] base, Random random, double sigma) {
        float[] v = new float[base.length];
        double norm = 0;
        for (int i = 0; i < base.length; i++) {
            v[i] = (float) (base[i] + random.nextGaussian() * sigma);
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }

    static byte[] sha(int i) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
