package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.embeddings.online.FalseHitController;
import dev.switchboard.kafka.TopicAdmin;
import dev.switchboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.switchboard.kafka.embedded.EmbeddedKafkaConfig;
import dev.switchboard.router.cache.bound.BoundPolicy;
import dev.switchboard.router.cache.bound.CacheBoundProcessorTest;
import dev.switchboard.router.cache.bound.ScoreScale;
import dev.switchboard.router.cache.bound.Verdict;
import dev.switchboard.router.governance.Governance;
import dev.switchboard.schemas.CacheBound;
import dev.switchboard.schemas.CacheBoundState;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.VerifiedAnswer;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker, the router's cache-bound controller keeps a tenant's cut across a restart: the router is stopped,
 * its controller's local state deleted (so it is rebuilt from the changelog), and started again; the cut it publishes
 * next is the one it had, and its counts go on as if it had never stopped.
 */
class CacheBoundRestartOnBrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final SwitchboardSerdes SERDES = SwitchboardSerdes.forUrl("mock://cache-bound-restart-on-broker");
    private static final ScoreScale SCALE = ScoreScale.COSINE;
    private static EmbeddedKafkaBroker broker;

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.defaults());
        List<String> names = new ArrayList<>(Topics.allRequests());
        names.addAll(List.of(Topics.CACHE_FILL, Topics.CACHE_CONTROL, Topics.RESPONSES, Topics.DLQ, Topics.SPEND, Topics.KEYS, Topics.POLICIES,
                Topics.USAGE, Topics.BUDGET_LEASES, Topics.BUDGET_GRANTS, Topics.CACHE_VERDICTS, Topics.CACHE_BOUNDS, Topics.route("sim/small", Tier.STANDARD)));
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : names) {
            topics.add(new NewTopic(topic, 1, (short) 1));
        }
        try (TopicAdmin admin = TopicAdmin.connect(broker.bootstrapServers())) {
            admin.ensureTopics(topics);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldPublishTheSameCutAfterARestartFromTheChangelog() throws Exception {
        String appId = "cache-bound-restart-" + UUID.randomUUID();
        BoundPolicy bound = new BoundPolicy(0.02, 0.1, VerifiedAnswer.CACHED);
        produce(Topics.POLICIES, SERDES.policies().serializer(), List.of(GovernancePolicy.newBuilder(Governance.open("acme"))
                .setCacheBound(new CacheBound(bound.target(), bound.verifyFraction(), bound.serve())).build()));
        List<Verdict> before = CacheBoundProcessorTest.stream("acme", 400, 31).stream()
                .map(v -> new Verdict(v.kind(), v.tenant(), 0.8 + (v.score() - 0.6) / 2, v.served(), v.same(), v.paid())).toList();
        FalseHitController reference = new FalseHitController(bound.settings(SCALE));
        before.forEach(v -> CacheBoundProcessorTest.apply(reference, v));
        assertThat(reference.cut()).as("the outcomes moved the cut from where it started").isNotEqualTo(SCALE.initialCut());

        CacheBoundState published;
        try (RouterApp router = start(appId)) {
            produce(Topics.CACHE_VERDICTS, Verdict.SERDE.serializer(), before);
            published = awaitPublished(s -> s.getLookups() == reference.lookups() && s.getVerifications() == reference.verifications());
        }
        assertThat(published.getCut()).isEqualTo(reference.cut());
        deleteRecursively(stateDir.resolve(appId + "-cache-bound"));

        Verdict next = Verdict.candidate("acme", 0.97, true);
        CacheBoundProcessorTest.apply(reference, next);
        try (RouterApp router = start(appId)) {
            produce(Topics.CACHE_VERDICTS, Verdict.SERDE.serializer(), List.of(next));
            CacheBoundState after = awaitPublished(s -> s.getLookups() == reference.lookups());
            assertThat(after.getCut()).as("the cut after the restart").isEqualTo(published.getCut());
            assertThat(after.getVerifications()).isEqualTo(published.getVerifications());
            assertThat(after.getFalseHits()).isEqualTo(published.getFalseHits());
        }
    }

    private static RouterApp start(String appId) {
        RouterConfig config = new RouterConfig(List.of("sim/small"), Duration.ofHours(1), Duration.ofMinutes(2), 400_000,
                new TenantPolicy(Set.of(), "sim/small", "sim/small", List.of(), Duration.ofHours(1), 0.8, 1.0, null), Map.of(), Map.of());
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        return RouterApp.start(config, ModelCatalog.loadDefault(), SERDES, Optional.empty(), Optional.empty(), RouterListeners.NONE, props,
                RouterThreads.defaults());
    }

    private static <V> void produce(String topic, Serializer<V> values, List<V> records) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(p, new StringSerializer(), values)) {
            for (V record : records) {
                producer.send(new ProducerRecord<>(topic, "acme", record));
            }
            producer.flush();
        }
    }

    /** The newest state on llm.cache-bounds that matches, read until the deadline. */
    private static CacheBoundState awaitPublished(Predicate<CacheBoundState> wanted) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, CacheBoundState> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                SERDES.avro(CacheBoundState.class).deserializer())) {
            consumer.subscribe(List.of(Topics.CACHE_BOUNDS));
            long deadline = System.nanoTime() + WAIT.toNanos();
            CacheBoundState last = null;
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, CacheBoundState> record : consumer.poll(Duration.ofMillis(200))) {
                    last = record.value();
                    if (wanted.test(last)) {
                        return last;
                    }
                }
            }
            throw new AssertionError("no matching state on " + Topics.CACHE_BOUNDS + " within " + WAIT + "; last: " + last);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            throw new AssertionError("no state directory at " + dir);
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
