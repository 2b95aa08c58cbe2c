package dev.switchboard.benchmarks;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.RouterTopology;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.cache.semantic.SemanticIndex;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
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

    /** Requests per second through the real router topology, all distinct questions (every one a miss). */
    private static void routerThroughput(Embedder embedder, List<String> sentences, int requests, double threshold) throws Exception {
        double off = routerRate(Optional.empty(), sentences, requests, 0);
        double on = routerRate(Optional.of(embedder), sentences, requests, threshold);
        System.out.printf(Locale.ROOT, "router (TopologyTestDriver, RocksDB, one thread): semantic off %.0f req/s; on %.0f req/s; ratio on/off %.3f%n",
                off, on, on / off);
    }

    private static double routerRate(Optional<Embedder> embedder, List<String> sentences, int requests, double threshold) throws Exception {
        TenantPolicy policy = new TenantPolicy(Set.of(), "sim/small", "sim/large", List.of(), Duration.ofHours(1), threshold, 1.0, null);
        RouterConfig config = new RouterConfig(List.of("sim/small", "sim/large"), Duration.ofHours(24), Duration.ofMinutes(2), 400_000, policy, Map.of(), Map.of());
        SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://cache-benchmark");
        Path state = Files.createTempDirectory("router-benchmark");
        try (TopologyTestDriver driver = new TopologyTestDriver(RouterTopology.build(config, ModelCatalog.loadDefault(), serdes, embedder),
                props("router-benchmark", state))) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic(Topics.requests(Tier.STANDARD), new StringSerializer(), new ByteArraySerializer());
            int warmup = Math.min(100, requests / 10);
            long start = 0;
            for (int i = 0; i < requests + warmup; i++) {
                if (i == warmup) {
                    start = System.nanoTime();
                }
                String question = sentences.get(i % sentences.size()).replace("\\", "").replace("\"", "'");
                String json = "{\"request_id\":\"b" + i + "\",\"tenant\":\"acme\",\"model\":\"sim/small\",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + question + "\"}]}";
                input.pipeInput("acme", json.getBytes(StandardCharsets.UTF_8));
            }
            return requests / seconds(start);
        }
    }

    /** The semantic stores alone, without changelogs, so the driver does not keep a million changelog records. */
    private static Topology indexOnlyTopology() {
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

    private static Properties props(String application, Path state) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        return props;
    }

    private static float[] noisy(float[] base, Random random) {
        double sigma = 0.01 + random.nextDouble() * 0.03;
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

    private static byte[] sha(int i) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
