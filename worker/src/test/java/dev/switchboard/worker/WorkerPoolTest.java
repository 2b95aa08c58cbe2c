package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.kafka.TopicAdmin;
import dev.switchboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.switchboard.kafka.embedded.EmbeddedKafkaConfig;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import dev.switchboard.simulator.SimulatedProvider;
import dev.switchboard.simulator.SimulatorConfig;
import dev.switchboard.worker.provider.Deployments;
import dev.switchboard.worker.provider.openai.OpenAiCompatibleProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pool on a real broker: share-group consumption, real HTTP to the simulator, every output written. */
class WorkerPoolTest {
    private static final SwitchboardSerdes SERDES = SwitchboardSerdes.forUrl("mock://worker-pool-test");
    private static EmbeddedKafkaBroker broker;
    private static SimulatedProvider simulator;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.defaults());
        simulator = SimulatedProvider.start(SimulatorConfig.defaults().withLatencyScale(0.2));
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.routes(List.of("sim/small"))) {
            topics.add(new NewTopic(topic, 2, (short) 1));
        }
        for (String topic : List.of(Topics.RESPONSES, Topics.USAGE, Topics.CACHE_FILL, Topics.DLQ, Topics.WORKER_WRITTEN)) {
            topics.add(new NewTopic(topic, 2, (short) 1));
        }
        try (TopicAdmin admin = TopicAdmin.connect(broker.bootstrapServers())) {
            admin.ensureTopics(topics);
            admin.setShareGroupConfig("worker-test", Map.of("share.auto.offset.reset", "earliest"));
        }
    }

    @AfterAll
    static void stop() {
        simulator.close();
        broker.close();
    }

    @Test
    void shouldAnswerEveryRoutedRequestOnceAndDeadLetterGarbage() throws Exception {
        int requests = 60;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < requests; i++) {
                RoutedRequest routed = RoutedRequests.of("r" + i, "tenant-" + (i % 3), "sim/small", "Question number " + i, null);
                Tier tier = Tier.values()[i % 3];
                routed.setTier(tier);
                String topic = Topics.route("sim/small", tier);
                producer.send(new ProducerRecord<>(topic, routed.getRequest().getTenant(), SERDES.routed().serialize(topic, routed)));
            }
            producer.send(new ProducerRecord<>(Topics.route("sim/small", Tier.BATCH), "tenant-0", new byte[] {0, 1, 2}));
        }

        Properties client = new Properties();
        client.put("bootstrap.servers", broker.bootstrapServers());
        Deployments deployments = new Deployments(List.of(new Deployments.Deployment("sim/small",
                new OpenAiCompatibleProvider("simulator", simulator.baseUri(), Optional.empty(), Duration.ofSeconds(2)), "sim/small")));
        WorkerConfig config = WorkerConfig.defaults(List.of("sim/small")).withGroup("worker-test").withProviderTimeout(Duration.ofSeconds(10));
        WorkerPool.Runtime runtime = WorkerPool.Runtime.create(deployments, new CostCalculator(ModelCatalog.loadDefault()), SERDES, client,
                Clock.systemUTC(), new SimpleMeterRegistry(), config.resilience());
        try (WorkerPool pool = WorkerPool.start(config, runtime)) {
            Map<String, List<byte[]>> seen = readUntil(records -> records.getOrDefault(Topics.RESPONSES, List.of()).size() >= requests
                    && records.getOrDefault(Topics.USAGE, List.of()).size() >= requests
                    && records.getOrDefault(Topics.CACHE_FILL, List.of()).size() >= requests
                    && !records.getOrDefault(Topics.DLQ, List.of()).isEmpty());

            var responses = seen.get(Topics.RESPONSES).stream().map(v -> SERDES.responses().deserialize(Topics.RESPONSES, v)).toList();
            assertThat(responses).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResponseStatus.OK));
            Set<String> ids = responses.stream().map(r -> r.getRequestId()).collect(Collectors.toSet());
            assertThat(ids).hasSize(requests);
            var letter = SERDES.deadLetters().deserialize(Topics.DLQ, seen.get(Topics.DLQ).get(0));
            assertThat(letter.getComponent()).isEqualTo("worker");
            assertThat(letter.getReasonCode()).isEqualTo("unreadable_record");
            assertThat(simulator.stats().callsFor("sim/small")).isGreaterThanOrEqualTo(requests);
        }
    }

    private static Map<String, List<byte[]>> readUntil(Predicate<Map<String, List<byte[]>>> done) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "worker-test-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, List<byte[]>> seen = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RESPONSES, Topics.USAGE, Topics.CACHE_FILL, Topics.DLQ));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!done.test(seen)) {
                assertThat(System.nanoTime()).as("all outputs within 60 s, got %s", counts(seen)).isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record.value());
                }
            }
        }
        return seen;
    }

    private static Map<String, Integer> counts(Map<String, List<byte[]>> seen) {
        Map<String, Integer> counts = new HashMap<>();
        seen.forEach((topic, values) -> counts.put(topic, values.size()));
        return counts;
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
