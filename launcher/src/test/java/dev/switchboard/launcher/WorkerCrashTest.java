package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.switchboard.kafka.embedded.EmbeddedKafkaConfig;
import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.CacheControl;
import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.RouteFacts;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.MockSchemaRegistry;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import dev.switchboard.simulator.ModelLatency;
import dev.switchboard.simulator.SimulatedProvider;
import dev.switchboard.simulator.SimulatorConfig;
import dev.switchboard.worker.WorkerConfig;
import dev.switchboard.worker.WorkerPool;
import dev.switchboard.worker.provider.Deployments;
import dev.switchboard.worker.provider.openai.OpenAiCompatibleProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process killed (SIGKILL) with provider calls in flight: the share group redelivers its records once their
 * locks expire, another worker answers them, and each request still gets exactly one answer. The repeated provider
 * calls show in the simulator's count, not in the answers.
 */
class WorkerCrashTest {
    private static final int REQUESTS = 30;
    private static final String MODEL = "sim/small";

    @TempDir
    Path dir;

    @Test
    void shouldAnswerEveryRequestOnceAfterAWorkerIsKilledMidCall() throws Exception {
        String scope = "worker-crash-test";
        SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://" + scope);
        SimulatorConfig slow = SimulatorConfig.defaults().withModel(MODEL, ModelLatency.ofMillis(4000, 0));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.defaults()
                     .withOverrides(Map.of("group.share.max.record.lock.duration.ms", "600000")));
             SimulatedProvider simulator = SimulatedProvider.start(slow);
             RegistryHttpServer registry = RegistryHttpServer.start(MockSchemaRegistry.scope(scope), 0)) {
            Path config = Files.writeString(dir.resolve("worker.yaml"), workerYaml(broker.bootstrapServers(), registry.uri().toString(), simulator));
            Process worker = new ProcessBuilder(javaBinary(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.switchboard", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                    SwitchboardCommand.class.getName(), "worker", "--config", config.toString(), "--metrics-port", "-1")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
            try {
                publish(broker.bootstrapServers(), serdes);
                awaitCalls(simulator, 10, worker);
            } finally {
                worker.destroyForcibly();
                assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            long callsBeforeKill = simulator.stats().requestsReceived();

            Properties client = new Properties();
            client.put("bootstrap.servers", broker.bootstrapServers());
            Deployments deployments = new Deployments(List.of(new Deployments.Deployment(MODEL,
                    new OpenAiCompatibleProvider("simulator", simulator.baseUri(), Optional.empty(), Duration.ofSeconds(2)), MODEL)));
            WorkerConfig survivor = WorkerConfig.defaults(List.of(MODEL)).withGroup("crash-workers").withProviderTimeout(Duration.ofSeconds(10));
            WorkerPool.Runtime runtime = WorkerPool.Runtime.create(deployments, new CostCalculator(ModelCatalog.loadDefault()), serdes, client,
                    Clock.systemUTC(), new SimpleMeterRegistry(), survivor.resilience());
            try (WorkerPool pool = WorkerPool.start(survivor, runtime)) {
                List<LlmResponse> answers = awaitAnswers(broker.bootstrapServers(), serdes, Duration.ofSeconds(120));

                Map<String, Long> perRequest = answers.stream().collect(Collectors.groupingBy(LlmResponse::getRequestId, Collectors.counting()));
                assertThat(perRequest).hasSize(REQUESTS);
                assertThat(perRequest.values()).as("exactly one answer per request").allSatisfy(n -> assertThat(n).isEqualTo(1L));
                assertThat(answers).allSatisfy(a -> assertThat(a.getStatus()).isEqualTo(ResponseStatus.OK));
                // A request the killed worker had already sent may reach the simulator just after the count was read.
                assertThat(simulator.stats().requestsReceived()).as("the killed worker's calls were made again")
                        .isGreaterThanOrEqualTo(REQUESTS + callsBeforeKill);
                System.out.printf("worker crash: %d requests, %d provider calls in flight when the worker was killed, %d answers (all OK, one each), "
                        + "%d provider calls in all%n", REQUESTS, callsBeforeKill, answers.size(), simulator.stats().requestsReceived());
            }
        }
    }

    static String workerYaml(String bootstrap, String registryUrl, SimulatedProvider simulator) throws Exception {
        String defaults;
        try (var in = WorkerCrashTest.class.getResourceAsStream(dev.switchboard.launcher.config.SwitchboardConfig.DEFAULT_RESOURCE)) {
            defaults = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return defaults.replace("bootstrapServers: null ", "bootstrapServers: " + bootstrap + " ")
                .replace("url: mock://switchboard ", "url: " + registryUrl + " ")
                .replace("model: BGE_SMALL_EN_V15_Q", "model: none")
                .replace("groupId: switchboard-workers", "groupId: crash-workers")
                .replace("recordLock: PT60S", "recordLock: PT15S")
                .replace("providerTimeout: PT15S", "providerTimeout: PT10S")
                .replace("providers: []", "providers:\n  - name: simulator\n    baseUrl: " + simulator.baseUri()
                        + "\n    models: {sim/small: sim/small, sim/large: sim/large, sim/long: sim/long}");
    }

    private static void publish(String bootstrap, SwitchboardSerdes serdes) {
        publish(bootstrap, serdes, "crash-", REQUESTS);
    }

    static void publish(String bootstrap, SwitchboardSerdes serdes, String idPrefix, int count) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            String topic = Topics.route(MODEL, Tier.STANDARD);
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "acme", serdes.routed().serialize(topic, routed(idPrefix + i))));
            }
        }
    }

    /** Polls the simulator's counter (no sleep-as-synchronisation): the worker has calls in flight once it moves. */
    private static void awaitCalls(SimulatedProvider simulator, int calls, Process worker) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (simulator.stats().requestsReceived() < calls) {
            assertThat(worker.isAlive()).as("the worker process is running").isTrue();
            assertThat(System.nanoTime()).as("the worker started calling within 60 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static List<LlmResponse> awaitAnswers(String bootstrap, SwitchboardSerdes serdes, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<LlmResponse> answers = new ArrayList<>();
        try (KafkaConsumer<String, LlmResponse> consumer = new KafkaConsumer<>(props, new StringDeserializer(), serdes.responses())) {
            consumer.subscribe(List.of(Topics.RESPONSES));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (answers.stream().map(LlmResponse::getRequestId).distinct().count() < REQUESTS) {
                assertThat(System.nanoTime()).as("all answers within %s (%d so far)", timeout, answers.size()).isLessThan(deadline);
                for (ConsumerRecord<String, LlmResponse> record : consumer.poll(Duration.ofMillis(200))) {
                    answers.add(record.value());
                }
            }
            // Anything still in flight would show up now as a second answer.
            for (ConsumerRecord<String, LlmResponse> record : consumer.poll(Duration.ofSeconds(2))) {
                answers.add(record.value());
            }
        }
        return answers;
    }

    static RoutedRequest routed(String id) {
        LlmRequest request = LlmRequest.newBuilder().setRequestId(id).setTenant("acme").setAttribution(new Attribution(null, null, null, null, null))
                .setSessionId(null).setMessages(new ArrayList<>(List.of(new ChatMessage("user", "Question " + id, null, null, new java.util.ArrayList<>()))))
                .setParams(new GenerationParams(null, null, null, new ArrayList<>(), null)).setModel(MODEL).setTier(Tier.STANDARD)
                .setCache(new CacheControl(false, null, null, false)).setDeadline(null).setReplyTo(null).setMetadata(new HashMap<>())
                .setSubmittedAt(null).build();
        return RoutedRequest.newBuilder().setRequest(request).setModel(MODEL).setTier(Tier.STANDARD)
                .setRoute(new RouteFacts(MODEL, "static", "test", "standard", 1, new ArrayList<>(List.of(MODEL))))
                .setCacheKey(null).setBaselineModel("sim/large").setFallbackModels(new ArrayList<>())
                .setReceivedAt(Instant.now()).setAttemptErrors(new ArrayList<>())
                .setEscalateTo(null).setJudgeModel(null).setPriorCost(dev.switchboard.schemas.Money.ZERO).build();
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
