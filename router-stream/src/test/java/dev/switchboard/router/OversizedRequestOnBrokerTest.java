package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.kafka.TopicAdmin;
import dev.switchboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.switchboard.kafka.embedded.EmbeddedKafkaConfig;
import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.RecordLimits;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker, a record the router must refuse, however large, is answered and dead-lettered, and the partition
 * it came on goes on answering: a 5 MB prompt sent gzip-compressed (the broker takes it, the router reads 5 MB).
 */
class OversizedRequestOnBrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafkaBroker broker;
    private static RouterApp router;
    private static final SwitchboardSerdes SERDES = SwitchboardSerdes.forUrl("mock://oversized-request-on-broker");

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.defaults());
        RouterConfig config = new RouterConfig(List.of("sim/small"), Duration.ofHours(1), Duration.ofMinutes(2), 400_000,
                new TenantPolicy(Set.of(), "sim/small", "sim/small", List.of(), Duration.ofHours(1), 0.8, 1.0, null), Map.of(), Map.of());
        List<NewTopic> topics = new ArrayList<>();
        List<String> names = new ArrayList<>(Topics.allRequests());
        names.addAll(List.of(Topics.CACHE_FILL, Topics.CACHE_CONTROL, Topics.RESPONSES, Topics.DLQ, Topics.SPEND,
                Topics.KEYS, Topics.POLICIES, Topics.USAGE, Topics.BUDGET_LEASES, Topics.BUDGET_GRANTS, Topics.CACHE_VERDICTS, Topics.CACHE_BOUNDS,
                Topics.route("sim/small", Tier.STANDARD)));
        for (String topic : names) {
            topics.add(new NewTopic(topic, 1, (short) 1));
        }
        try (TopicAdmin admin = TopicAdmin.connect(broker.bootstrapServers())) {
            admin.ensureTopics(topics);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "oversized-" + UUID.randomUUID());
        router = RouterApp.start(config, ModelCatalog.loadDefault(), SERDES, Optional.empty(), Optional.empty(), RouterListeners.NONE, props, RouterThreads.defaults());
    }

    @AfterAll
    static void stop() {
        if (router != null) {
            router.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldAnswerAFiveMegabytePromptAndKeepAnsweringItsPartition() {
        String prompt = "Tell me everything about Kafka. ".repeat(5 * 1024 * 1024 / 32);
        try (KafkaProducer<String, byte[]> producer = hostileProducer()) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS, "acme", json("huge", prompt))).get();
            producer.send(new ProducerRecord<>(Topics.REQUESTS, "acme", json("after", "Still there?"))).get();
        } catch (Exception e) {
            throw new AssertionError("producing failed", e);
        }

        List<RoutedRequest> routed = read(Topics.route("sim/small", Tier.STANDARD), SERDES.routed(), 1);
        assertThat(routed).extracting(r -> r.getRequest().getRequestId()).as("the next request on the partition goes on").containsExactly("after");
        LlmResponse refused = read(Topics.RESPONSES, SERDES.responses(), 1).get(0);
        assertThat(refused.getRequestId()).isEqualTo("huge");
        assertThat(refused.getError().getCode()).isIn("request_too_large", "prompt_too_large");
        DeadLetter letter = read(Topics.DLQ, SERDES.deadLetters(), 1).get(0);
        assertThat(letter.getPayloadSize()).isGreaterThan(5_000_000L);
        assertThat(letter.getPayloadSha256()).hasSize(64);
        assertThat(letter.getPayload().remaining()).isLessThanOrEqualTo(RecordLimits.MAX_DEAD_LETTER_PAYLOAD_BYTES);
        assertThat(letter.getPayloadNote()).contains("excerpt");
    }

    /** Compressed, 5 MB fits the broker's 1 MB limit; the producer's own limit is raised, as a hostile client would. */
    private static KafkaProducer<String, byte[]> hostileProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(16 * 1024 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64 * 1024 * 1024));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(16 * 1024 * 1024));
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static <T> List<T> read(String topic, Deserializer<T> values, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> found = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(200))) {
                    found.add(record.value());
                }
            }
        }
        assertThat(found).as("records on " + topic + " within " + WAIT).hasSizeGreaterThanOrEqualTo(count);
        return found;
    }

    private static byte[] json(String id, String question) {
        return ("{\"request_id\":\"" + id + "\",\"tenant\":\"acme\",\"model\":\"sim/small\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + question + "\"}]}").getBytes(StandardCharsets.UTF_8);
    }
}
