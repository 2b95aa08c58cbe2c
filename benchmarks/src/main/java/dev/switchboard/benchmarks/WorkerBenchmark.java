package dev.switchboard.benchmarks;

import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.kafka.TopicAdmin;
import dev.switchboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.switchboard.kafka.embedded.EmbeddedKafkaConfig;
import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.CacheControl;
import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.RouteFacts;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import dev.switchboard.simulator.ModelLatency;
import dev.switchboard.simulator.SimulatedProvider;
import dev.switchboard.simulator.SimulatorConfig;
import dev.switchboard.worker.WorkerConfig;
import dev.switchboard.worker.WorkerPool;
import dev.switchboard.worker.provider.Deployments;
import dev.switchboard.worker.provider.openai.OpenAiCompatibleProvider;
import dev.switchboard.worker.resilience.ResilienceConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Calls per second one worker process sustains against the simulated provider at 200 ms per call with up to 500
 * calls in flight, through the embedded broker (route topic in, response, usage and cache-fill out). The baseline,
 * measured in the same run, is a bare HTTP client keeping 500 calls in flight against the same simulator: the
 * ratio is what the share-group pool, Kafka writes and bookkeeping cost.
 *
 * <p>Usage: {@code ./benchmarks/run worker [--requests 6000] [--in-flight 500]}
 */
public final class WorkerBenchmark {
    private static final String MODEL = "sim/small";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Args.parse(args);
        int requests = Integer.parseInt(options.getOrDefault("requests", "6000"));
        int inFlight = Integer.parseInt(options.getOrDefault("in-flight", "500"));
        SimulatorConfig simulatorConfig = SimulatorConfig.defaults().withModel(MODEL, ModelLatency.ofMillis(200, 0));
        try (SimulatedProvider simulator = SimulatedProvider.start(simulatorConfig);
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.defaults())) {
            System.out.printf(Locale.ROOT, "worker benchmark: %d requests, %d in flight, simulator at 200 ms per call, %d cores%n",
                    requests, inFlight, Runtime.getRuntime().availableProcessors());
            bareHttp(simulator.baseUri(), 1000, inFlight); // warm-up: connections and JIT
            double bare = bareHttp(simulator.baseUri(), Math.min(requests, 4000), inFlight);
            double worker = throughKafka(broker, simulator.baseUri(), requests, inFlight);
            System.out.printf(Locale.ROOT, "bare HTTP client: %.0f calls/s; worker pool through Kafka: %.0f calls/s; ratio %.2f (ideal %.0f calls/s)%n",
                    bare, worker, worker / bare, inFlight / 0.2);
        }
    }

    private static double bareHttp(URI base, int calls, int inFlight) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<?>> all = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger errors = new java.util.concurrent.atomic.AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            permits.acquire();
            String body = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"question " + i + "\"}]}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            all.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                permits.release();
                if (e != null || r.statusCode() != 200) {
                    errors.incrementAndGet();
                }
            }).exceptionally(e -> null));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double rate = (calls - errors.get()) / ((System.nanoTime() - start) / 1e9);
        if (errors.get() > 0) {
            System.out.printf(Locale.ROOT, "  bare HTTP: %d of %d calls failed (connection closed by the server); rate counts successes%n", errors.get(), calls);
        }
        return rate;
    }

    private static double throughKafka(EmbeddedKafkaBroker broker, URI simulator, int requests, int inFlight) throws Exception {
        SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://worker-benchmark");
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : List.of(Topics.route(MODEL, Tier.STANDARD), Topics.RESPONSES, Topics.USAGE, Topics.CACHE_FILL, Topics.DLQ)) {
            topics.add(new NewTopic(topic, 6, (short) 1));
        }
        try (TopicAdmin admin = TopicAdmin.connect(broker.bootstrapServers())) {
            admin.ensureTopics(topics);
            admin.setShareGroupConfig("bench", Map.of("share.auto.offset.reset", "earliest"));
        }
        Properties client = new Properties();
        client.put("bootstrap.servers", broker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
            String topic = Topics.route(MODEL, Tier.STANDARD);
            for (int i = 0; i < requests; i++) {
                producer.send(new ProducerRecord<>(topic, "tenant-" + (i % 50), serdes.routed().serialize(topic, routed("b" + i, "tenant-" + (i % 50)))));
            }
        }
        Map<Tier, WorkerConfig.TierCapacity> tiers = new EnumMap<>(Tier.class);
        int consumers = 16;
        tiers.put(Tier.STANDARD, new WorkerConfig.TierCapacity(consumers, Math.max(1, inFlight / consumers + 8), inFlight));
        tiers.put(Tier.INTERACTIVE, new WorkerConfig.TierCapacity(0, 1, 1));
        tiers.put(Tier.BATCH, new WorkerConfig.TierCapacity(0, 1, 1));
        WorkerConfig config = WorkerConfig.defaults(List.of(MODEL)).withGroup("bench").withTiers(tiers);
        Deployments deployments = new Deployments(List.of(new Deployments.Deployment(MODEL,
                new OpenAiCompatibleProvider("simulator", simulator, Optional.empty(), Duration.ofSeconds(5)), MODEL)));
        ResilienceConfig resilience = ResilienceConfig.defaults();
        WorkerPool.Runtime runtime = WorkerPool.Runtime.create(deployments, new CostCalculator(ModelCatalog.loadDefault()), serdes, client,
                Clock.systemUTC(), new SimpleMeterRegistry(), resilience);
        Properties readerProps = new Properties();
        readerProps.putAll(client);
        readerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader");
        readerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(readerProps, new StringDeserializer(), new ByteArrayDeserializer())) {
            reader.subscribe(List.of(Topics.RESPONSES));
            long start = System.nanoTime();
            Instant firstAnswer = null;
            int answered = 0;
            try (WorkerPool pool = WorkerPool.start(config, runtime)) {
                while (answered < requests) {
                    int read = reader.poll(Duration.ofMillis(200)).count();
                    if (read > 0 && firstAnswer == null) {
                        firstAnswer = Instant.now();
                        start = System.nanoTime();
                    }
                    answered += read;
                }
                // Measured from the first answer: share-group assignment at startup is not throughput.
                return (requests - 1) / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    private static RoutedRequest routed(String id, String tenant) {
        LlmRequest request = LlmRequest.newBuilder()
                .setRequestId(id).setTenant(tenant).setAttribution(new Attribution(null, null, null, null, null)).setSessionId(null)
                .setMessages(new ArrayList<>(List.of(new ChatMessage("user", "Benchmark question " + id, null, null, new java.util.ArrayList<>()))))
                .setParams(new GenerationParams(null, null, null, new ArrayList<>(), null)).setModel(MODEL).setTier(Tier.STANDARD)
                .setCache(new CacheControl(false, null, null, false)).setDeadline(null).setReplyTo(null).setMetadata(new HashMap<>())
                .setSubmittedAt(null).build();
        return RoutedRequest.newBuilder().setRequest(request).setModel(MODEL).setTier(Tier.STANDARD)
                .setRoute(new RouteFacts(MODEL, "static", "benchmark", "standard", 1, new ArrayList<>(List.of(MODEL))))
                .setCacheKey(null).setBaselineModel("sim/large").setFallbackModels(new ArrayList<>())
                .setReceivedAt(Instant.now()).setAttemptErrors(new ArrayList<>())
                .setEscalateTo(null).setJudgeModel(null).setPriorCost(dev.switchboard.schemas.Money.ZERO).build();
    }
}
