package dev.switchboard.launcher.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.EmbeddingModel;
import dev.switchboard.embeddings.OnnxEmbedder;
import dev.switchboard.kafka.TopicAdmin;
import dev.switchboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.switchboard.kafka.embedded.EmbeddedKafkaConfig;
import dev.switchboard.router.RouterApp;
import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.RouterListeners;
import dev.switchboard.router.RouterThreads;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The semantic cache survives its router and reaches every lane: a question answered in the standard lane before a
 * restart answers its paraphrases after it, in the standard lane and in the others (which only saw its answer on
 * llm.cache-fill), first from the same local state, then from a new instance with no local state at all (rebuilt
 * from the stores' changelogs on the embedded broker); no request is answered twice. Real Kafka Streams with
 * exactly-once, real RocksDB, the real MiniLM model (the standard lane embeds its misses in batches).
 */
class SemanticCacheRestoreTest {
    private static final String TENANT = "acme";
    private static final String MODEL = "sim/small";
    private static final EmbeddingModel EMBEDDING = EmbeddingModel.ALL_MINILM_L6_V2_Q;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldFindSemanticHitsAfterARestartAndAfterARebuildFromTheChangelog() throws Exception {
        SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://semantic-restore-test");
        Embedder embedder = OnnxEmbedder.of(EMBEDDING);
        TenantPolicy policy = new TenantPolicy(Set.of(), MODEL, "sim/large", List.of(), Duration.ofHours(1), EMBEDDING.defaultThreshold(), 1.0, null);
        RouterConfig config = new RouterConfig(List.of(MODEL, "sim/large"), Duration.ofHours(24), Duration.ofMinutes(2), 400_000, policy, Map.of(), Map.of());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.defaults())) {
            createTopics(broker.bootstrapServers());
            try (KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers());
                 KafkaConsumer<String, RoutedRequest> routes = consumer(broker.bootstrapServers(), "routes-reader", serdes.routed().deserializer());
                 KafkaConsumer<String, LlmResponse> responses = consumer(broker.bootstrapServers(), "responses-reader", serdes.responses().deserializer())) {
                routes.subscribe(List.of(Topics.route(MODEL, Tier.STANDARD), Topics.route(MODEL, Tier.INTERACTIVE), Topics.route(MODEL, Tier.BATCH)));
                responses.subscribe(List.of(Topics.RESPONSES));

                try (RouterApp router = start(config, serdes, embedder, broker, dir.resolve("state-1"))) {
                    send(producer, "r1", "What is a Kafka partition leader?");
                    RoutedRequest leader = await(routes, 1).get(0);
                    assertThat(leader.getRequest().getRequestId()).isEqualTo("r1");
                    byte[] fill = serdes.cacheFill().serializer().serialize(Topics.CACHE_FILL,
                            new CacheFill(TENANT, "r1", leader.getCacheKey(), null, answer("r1", "The broker that owns the partition."), leader.getSemantic()));
                    producer.send(new ProducerRecord<>(Topics.CACHE_FILL, TENANT, fill)).get();
                    // The same question again is an exact hit: proof the fill reached the stores before the router stops.
                    send(producer, "r2", "What is a Kafka partition leader?");
                    assertThat(await(responses, 1).get(0).getCache().getOutcome()).isEqualTo(CacheOutcome.EXACT);
                    // ...and reached the other lanes, which never saw r1's request.
                    send(producer, "r2i", "What is a Kafka partition leader?", Tier.INTERACTIVE);
                    assertThat(await(responses, 1).get(0).getCache().getOutcome()).isEqualTo(CacheOutcome.EXACT);
                    send(producer, "r2b", "What is a Kafka partition leader?", Tier.BATCH);
                    assertThat(await(responses, 1).get(0).getCache().getOutcome()).isEqualTo(CacheOutcome.EXACT);
                }

                try (RouterApp router = start(config, serdes, embedder, broker, dir.resolve("state-1"))) {
                    send(producer, "r3", "Can you explain what a Kafka partition leader is?");
                    assertSemanticHit(await(responses, 1).get(0), "r3");
                    send(producer, "r5", "Can you explain what a Kafka partition leader is?", Tier.INTERACTIVE);
                    assertSemanticHit(await(responses, 1).get(0), "r5");
                }

                try (RouterApp router = start(config, serdes, embedder, broker, dir.resolve("state-2"))) {
                    send(producer, "r4", "Explain the Kafka partition leader.");
                    assertSemanticHit(await(responses, 1).get(0), "r4");
                    send(producer, "r6", "Explain the Kafka partition leader.", Tier.BATCH);
                    assertSemanticHit(await(responses, 1).get(0), "r6");
                    send(producer, "r7", "Explain the Kafka partition leader.", Tier.INTERACTIVE);
                    assertSemanticHit(await(responses, 1).get(0), "r7");
                }
                assertThat(routes.poll(Duration.ofMillis(500)).count()).as("only r1 went to a provider").isZero();
                assertThat(responses.poll(Duration.ofMillis(1000)).count()).as("no request answered twice").isZero();
            }
        }
    }

    private static void assertSemanticHit(LlmResponse answer, String requestId) {
        assertThat(answer.getRequestId()).isEqualTo(requestId);
        assertThat(answer.getStatus()).isEqualTo(ResponseStatus.OK);
        assertThat(answer.getCache().getOutcome()).isEqualTo(CacheOutcome.SEMANTIC);
        assertThat(answer.getCache().getSourceRequestId()).isEqualTo("r1");
        assertThat(answer.getContent()).isEqualTo("The broker that owns the partition.");
    }

    private static RouterApp start(RouterConfig config, SwitchboardSerdes serdes, Embedder embedder, EmbeddedKafkaBroker broker, Path state) {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "semantic-restore-router");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        return RouterApp.start(config, ModelCatalog.loadDefault(), serdes, Optional.of(embedder), Optional.empty(), RouterListeners.NONE, props, RouterThreads.defaults());
    }

    private static void createTopics(String bootstrap) {
        List<NewTopic> topics = new ArrayList<>();
        List<String> names = new ArrayList<>(Topics.allRequests());
        names.addAll(List.of(Topics.CACHE_FILL, Topics.CACHE_CONTROL, Topics.RESPONSES, Topics.USAGE, Topics.SPEND, Topics.DLQ,
                Topics.BUDGET_LEASES, Topics.BUDGET_GRANTS, Topics.CACHE_VERDICTS, Topics.CACHE_BOUNDS, Topics.route(MODEL, Tier.STANDARD),
                Topics.route(MODEL, Tier.INTERACTIVE), Topics.route(MODEL, Tier.BATCH)));
        for (String topic : names) {
            topics.add(new NewTopic(topic, Optional.of(1), Optional.of((short) 1)));
        }
        for (String topic : List.of(Topics.KEYS, Topics.POLICIES)) {
            topics.add(new NewTopic(topic, Optional.of(1), Optional.of((short) 1)).configs(Map.of("cleanup.policy", "compact")));
        }
        try (TopicAdmin admin = TopicAdmin.connect(bootstrap)) {
            admin.ensureTopics(topics);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String id, String question)
            throws InterruptedException, ExecutionException, TimeoutException {
        send(producer, id, question, Tier.STANDARD);
    }

    private static void send(KafkaProducer<String, byte[]> producer, String id, String question, Tier tier)
            throws InterruptedException, ExecutionException, TimeoutException {
        String json = "{\"request_id\":\"" + id + "\",\"tenant\":\"" + TENANT + "\",\"model\":\"" + MODEL
                + "\",\"tier\":\"" + tier.name().toLowerCase(java.util.Locale.ROOT) + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
        producer.send(new ProducerRecord<>(Topics.REQUESTS, TENANT, json.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
    }

    private static LlmResponse answer(String requestId, String content) {
        return Responses.base(requestId, TENANT, ResponseStatus.OK, Instant.now()).setModel(MODEL).setProvider("simulator").setContent(content)
                .setFinishReason("stop").setUsage(new Usage(10, 5, 0, 0)).setCost(Money.of("0.000003")).build();
    }

    private static <V> List<V> await(KafkaConsumer<String, V> consumer, int count) {
        List<V> values = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (values.size() < count) {
            assertThat(System.nanoTime()).as("%d records within %s (%d so far)", count, WAIT, values.size()).isLessThan(deadline);
            for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
        }
        assertThat(values).hasSize(count);
        return values;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static <V> KafkaConsumer<String, V> consumer(String bootstrap, String group, Deserializer<V> values) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), values);
    }
}
