package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.router.RouterApp;
import dev.switchboard.router.RouterListeners;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two router instances on the embedded broker (the system's own and a second RouterApp with the same application
 * ids) share each lane's partitions. A flood of standard requests is sent at once, then interactive probes, both to
 * their tier's topic as a front door that knows the tier does (the triage is tested on its own): the probes are
 * answered before most of the flood sent ahead of them, and every request gets exactly one answer.
 */
class TierIsolationEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int FLOOD = 1_500;
    private static final int PROBES = 20;
    private static final int TENANTS = 24;
    private static final Duration PROBE_GAP = Duration.ofMillis(50);

    @TempDir
    Path secondState;

    @Test
    void shouldAnswerInteractiveProbesWellAheadOfAStandardFloodOnTwoRouterInstances() throws Exception {
        SwitchboardConfig config = PipelineContract.fastDefaults().withEmbeddings(new SwitchboardConfig.EmbeddingSettings("none"));
        try (SwitchboardSystem system = SwitchboardSystem.start(config, EnumSet.allOf(Component.class));
             RouterApp second = RouterApp.start(config.routerConfig(), ModelCatalog.loadDefault(), system.serdes(), Optional.empty(), Optional.empty(),
                     RouterListeners.NONE, secondProps(system, secondState), config.router().routerThreads());
             Answers answers = new Answers(system)) {
            awaitBothWorking(second, system);
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            long floodAt = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = producer(system)) {
                for (int i = 0; i < FLOOD; i++) {
                    String tenant = "tenant-" + (i % TENANTS);
                    producer.send(new ProducerRecord<>(Topics.requests(Tier.STANDARD), tenant, request("flood-" + i, tenant, "standard")));
                }
                producer.flush();
                for (int i = 0; i < PROBES; i++) {
                    String tenant = "tenant-" + (i % TENANTS);
                    sentAt.put("probe-" + i, System.nanoTime());
                    producer.send(new ProducerRecord<>(Topics.requests(Tier.INTERACTIVE), tenant, request("probe-" + i, tenant, "interactive"))).get();
                    Thread.sleep(PROBE_GAP.toMillis()); // pacing the probes, not waiting for anything
                }
            }
            Map<String, List<Long>> answeredAt = answers.awaitAll(FLOOD + PROBES, TIMEOUT);

            assertThat(answeredAt).as("every request is answered").hasSize(FLOOD + PROBES);
            assertThat(answeredAt.values()).as("exactly once").allSatisfy(times -> assertThat(times).hasSize(1));
            assertThat(answers.statuses).as("all of them OK").containsOnlyKeys(ResponseStatus.OK);
            List<Long> flood = answeredSince(answeredAt, "flood-", floodAt); // the flood was all sent at floodAt
            List<Long> probes = latencies(answeredAt, sentAt, "probe-");
            List<Long> probesAnswered = answeredSince(answeredAt, "probe-", floodAt);
            System.out.printf("tier isolation, two router instances: standard flood of %d p50 %d ms, max %d ms; interactive probes p50 %d ms,"
                    + " max %d ms, median answered %d ms after the flood began%n", FLOOD, flood.get(FLOOD / 2), flood.get(FLOOD - 1),
                    probes.get(PROBES / 2), probes.get(PROBES - 1), probesAnswered.get(PROBES / 2));
            // Without lanes each probe waits behind every flood request sent before it, so it is answered after the whole
            // flood. With them the probes overtake it. The margin is held on the order of answers, not on a latency
            // ratio: on a loaded 2-core CI machine the workers and the simulator share the cores with the flood, and the
            // probes' p50 came to 1/1.8 of the flood's there (1/2.9 to 1/5 on a quiet machine).
            assertThat(probesAnswered.get(PROBES / 2)).as("the median probe is answered before half the flood sent ahead of it")
                    .isLessThan(flood.get(FLOOD / 2));
            assertThat(activeTasks(system.router().orElseThrow().lane(Tier.STANDARD))).as("the system's instance shares the standard lane").isPositive();
            assertThat(activeTasks(second.lane(Tier.STANDARD))).as("the second instance shares the standard lane").isPositive();
        }
    }

    /** Milliseconds from the flood's start to each answer whose request id starts with the prefix, sorted. */
    private static List<Long> answeredSince(Map<String, List<Long>> answeredAt, String prefix, long floodAt) {
        return answeredAt.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> (e.getValue().get(0) - floodAt) / 1_000_000).sorted().toList();
    }

    private static List<Long> latencies(Map<String, List<Long>> answeredAt, Map<String, Long> sentAt, String prefix) {
        List<Long> millis = new ArrayList<>();
        answeredAt.forEach((id, times) -> {
            if (id.startsWith(prefix)) {
                millis.add((times.get(0) - sentAt.get(id)) / 1_000_000);
            }
        });
        millis.sort(Long::compare);
        return millis;
    }

    /** Both instances hold tasks of the standard lane, after the rebalance the second one's joining caused. */
    private static void awaitBothWorking(RouterApp second, SwitchboardSystem system) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        KafkaStreams first = system.router().orElseThrow().lane(Tier.STANDARD);
        while (activeTasks(first) == 0 || activeTasks(second.lane(Tier.STANDARD)) == 0
                || first.state() != KafkaStreams.State.RUNNING || second.lane(Tier.STANDARD).state() != KafkaStreams.State.RUNNING) {
            assertThat(System.nanoTime()).as("both router instances got standard-lane tasks in time").isLessThan(deadline);
            Thread.sleep(100); // polling the instances' task assignment
        }
    }

    private static long activeTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().mapToLong(thread -> thread.activeTasks().size()).sum();
    }

    private static Properties secondProps(SwitchboardSystem system, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    private static byte[] request(String id, String tenant, String tier) {
        return ("{\"request_id\":\"" + id + "\",\"tenant\":\"" + tenant + "\",\"model\":\"sim/small\",\"tier\":\"" + tier
                + "\",\"max_tokens\":16,\"cache\":{\"no_cache\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Question " + id + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, byte[]> producer(SwitchboardSystem system) {
        Properties props = new Properties();
        props.put("bootstrap.servers", system.bootstrapServers());
        props.put("linger.ms", 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Reads llm.responses from its end when created, noting when each answer arrived. */
    private static final class Answers implements AutoCloseable {
        private final KafkaConsumer<String, LlmResponse> consumer;
        private final Map<String, List<Long>> arrived = new HashMap<>();
        private final Map<ResponseStatus, Integer> statuses = new HashMap<>();

        Answers(SwitchboardSystem system) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), system.serdes().responses().deserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESPONSES).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.endOffsets(partitions).forEach(consumer::seek);
        }

        Map<String, List<Long>> awaitAll(int expected, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (arrived.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, LlmResponse> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    arrived.computeIfAbsent(record.value().getRequestId(), id -> new ArrayList<>()).add(now);
                    statuses.merge(record.value().getStatus(), 1, Integer::sum);
                }
            }
            // A second answer to any request would arrive right behind the first: read what is left once more.
            for (ConsumerRecord<String, LlmResponse> record : consumer.poll(Duration.ofSeconds(1))) {
                arrived.computeIfAbsent(record.value().getRequestId(), id -> new ArrayList<>()).add(System.nanoTime());
            }
            return arrived;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
