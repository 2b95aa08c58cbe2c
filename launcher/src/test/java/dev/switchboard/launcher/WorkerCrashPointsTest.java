package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.switchboard.kafka.embedded.EmbeddedKafkaConfig;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.serde.MockSchemaRegistry;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import dev.switchboard.simulator.SimulatedProvider;
import dev.switchboard.simulator.SimulatorConfig;
import dev.switchboard.worker.CrashPoints;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker halted (as a SIGKILL would) at each of its crash points in turn, each time as a separate process that
 * is then started again under the same instance id: before the provider call, between the call and the write, and
 * between the committed write and the acknowledgement. Every request still gets exactly one answer and one usage
 * event, and the usage adds up to the answers' costs. The crash between call and write costs a second provider call
 * (the first one's result died with the process), which the simulator counts; the crash after the write costs none,
 * or its redelivery would have been answered a second time. One call at a time (one consumer, one record per poll,
 * one in flight).
 */
class WorkerCrashPointsTest {
    private static final int REQUESTS = 10;
    /** Each crashing worker answers two records and halts at the point on the third. */
    private static final int CRASH_AFTER = 3;

    @TempDir
    Path dir;

    @Test
    void shouldAnswerOnceAndBillOncePerCallWhereverTheWorkerHalts() throws Exception {
        String scope = "worker-crash-points-test";
        SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://" + scope);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.defaults());
             SimulatedProvider simulator = SimulatedProvider.start(SimulatorConfig.defaults().withLatencyScale(0.2));
             RegistryHttpServer registry = RegistryHttpServer.start(MockSchemaRegistry.scope(scope), 0)) {
            Path config = Files.writeString(dir.resolve("worker.yaml"), oneCallAtATime(
                    WorkerCrashTest.workerYaml(broker.bootstrapServers(), registry.uri().toString(), simulator)));
            WorkerCrashTest.publish(broker.bootstrapServers(), serdes, "point-", REQUESTS);

            Map<String, Long> crashes = new HashMap<>();
            for (CrashPoints.Point point : CrashPoints.Point.values()) {
                Path log = dir.resolve("worker-" + point.label() + ".log");
                Process worker = startWorker(config, log, Map.of(CrashPoints.AT_ENV, point.label(), CrashPoints.AFTER_ENV, String.valueOf(CRASH_AFTER)));
                assertThat(worker.waitFor(180, TimeUnit.SECONDS)).as("the worker halted at %s within 180 s (log %s)", point.label(), log).isTrue();
                assertThat(worker.exitValue()).as("exit status of the worker halted at %s", point.label()).isEqualTo(CrashPoints.EXIT_STATUS);
                assertThat(Files.readString(log)).contains(CrashPoints.MARKER + point.label());
                crashes.put(point.label(), simulator.stats().requestsReceived());
            }
            Process survivor = startWorker(config, dir.resolve("worker-survivor.log"), Map.of());
            try {
                Answers answers = await(broker.bootstrapServers(), serdes, Duration.ofSeconds(180));
                Map<String, Long> perRequest = answers.responses.stream().collect(Collectors.groupingBy(LlmResponse::getRequestId, Collectors.counting()));
                assertThat(perRequest).hasSize(REQUESTS);
                assertThat(perRequest.values()).as("exactly one answer per request").allSatisfy(n -> assertThat(n).isEqualTo(1L));
                assertThat(answers.responses).allSatisfy(a -> assertThat(a.getStatus()).isEqualTo(ResponseStatus.OK));

                Map<String, Long> usagePerRequest = answers.usage.stream().collect(Collectors.groupingBy(UsageEvent::getRequestId, Collectors.counting()));
                assertThat(usagePerRequest.values()).as("one usage event per answer").allSatisfy(n -> assertThat(n).isEqualTo(1L));
                BigDecimal billed = answers.usage.stream().map(UsageEvent::getCost).reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal answered = answers.responses.stream().map(LlmResponse::getCost).reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(billed).isEqualByComparingTo(answered);

                long calls = simulator.stats().requestsReceived();
                System.out.printf("worker crash points: %d requests, provider calls when each crashed %s, %d in all; %d answers, %d usage events%n",
                        REQUESTS, crashes, calls, answers.responses.size(), answers.usage.size());
                // The crash between call and write always costs one call. On a quiet machine that is all (11 calls); on a
                // loaded one a call or commit that outlives the record lock is given back and made again, never answered twice.
                assertThat(calls).as("the crash between call and write repeats a provider call").isGreaterThanOrEqualTo(REQUESTS + 1L);
            } finally {
                survivor.destroy();
                if (!survivor.waitFor(60, TimeUnit.SECONDS)) {
                    survivor.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static String oneCallAtATime(String yaml) {
        return yaml.replace("interactive: {consumers: 2, maxPollRecords: 32, maxInFlight: 64}", "interactive: {consumers: 0, maxPollRecords: 1, maxInFlight: 1}")
                .replace("standard: {consumers: 4, maxPollRecords: 64, maxInFlight: 512}", "standard: {consumers: 1, maxPollRecords: 1, maxInFlight: 1}")
                .replace("batch: {consumers: 2, maxPollRecords: 32, maxInFlight: 64}", "batch: {consumers: 0, maxPollRecords: 1, maxInFlight: 1}");
    }

    private static Process startWorker(Path config, Path log, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(WorkerCrashTest.javaBinary(), "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.switchboard", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                SwitchboardCommand.class.getName(), "worker", "--config", config.toString(), "--metrics-port", "-1")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(SwitchboardSystem.WORKER_INSTANCE_ENV, "crash-points");
        builder.environment().putAll(env);
        return builder.start();
    }

    private record Answers(List<LlmResponse> responses, List<UsageEvent> usage) {
    }

    /** Reads committed answers and usage until every request has one, then a little longer to catch a second. */
    private static Answers await(String bootstrap, SwitchboardSerdes serdes, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-points-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<LlmResponse> responses = new ArrayList<>();
        List<UsageEvent> usage = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RESPONSES, Topics.USAGE));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < settle) {
                assertThat(System.nanoTime()).as("all answers within %s (%d so far)", timeout, responses.size()).isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(Topics.RESPONSES)) {
                        responses.add(serdes.responses().deserialize(record.topic(), record.value()));
                    } else {
                        usage.add(serdes.usage().deserialize(record.topic(), record.value()));
                    }
                }
                if (settle == Long.MAX_VALUE && responses.stream().map(LlmResponse::getRequestId).distinct().count() >= REQUESTS) {
                    settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                }
            }
        }
        return new Answers(responses, usage);
    }
}
