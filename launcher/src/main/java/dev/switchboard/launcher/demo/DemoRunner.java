package dev.switchboard.launcher.demo;

import dev.switchboard.launcher.Component;
import dev.switchboard.launcher.SwitchboardSystem;
import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.cost.CostAggregatorApp;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.Topics;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code switchboard demo}: the whole system in this JVM, a sample workload through it, and a table of what came
 * back. The second wave goes out after the first is answered, so its repeats can be served from the cache.
 */
public final class DemoRunner {
    /** Sent and answered before the workload; not part of the report. */
    public static final int WARM_UP_REQUESTS = 1;
    private static final Duration WAVE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration AGGREGATION_TIMEOUT = Duration.ofSeconds(30);

    private final SwitchboardConfig config;
    private final int requests;
    private final long seed;
    private final PrintStream out;
    /** The demo's keys, held in this process only; tests use them to act as a tenant. */
    private final DemoGovernance governance = new DemoGovernance();

    public DemoRunner(SwitchboardConfig config, int requests, long seed, PrintStream out) {
        // The gateway keeps its port (8080 by default) so the demo's OpenAI-compatible API is where the README says.
        this.config = config.withPorts(0, 0, 0, 0, config.gateway().portOrDefault());
        this.requests = requests;
        this.seed = seed;
        this.out = out;
    }

    public int run() {
        Instant started = Instant.now();
        out.println("switchboard demo: starting broker, router, workers, cost aggregator" + (config.simulated() ? " and simulated provider" : ""));
        try (SwitchboardSystem system = SwitchboardSystem.start(config, EnumSet.allOf(Component.class))) {
            system.gateway().ifPresent(g -> out.println("switchboard demo: OpenAI-compatible API at " + g.baseUri() + " while the demo runs"));
            DemoReport report = publishAndCollect(system, started);
            out.print(report.render());
            return report.complete() ? 0 : 1;
        }
    }

    public DemoGovernance governance() {
        return governance;
    }

    /** Publishes the workload, waits for every answer and for the aggregator to have counted them. */
    public DemoReport publishAndCollect(SwitchboardSystem system, Instant started) {
        applyGovernance(system, governance);
        DemoWorkload workload = new DemoWorkload(requests, seed, governance);
        try (KafkaProducer<String, byte[]> producer = producer(system.bootstrapServers())) {
            Serializer<LlmRequest> avro = system.serdes().requests().serializer();
            warmUp(system, producer, avro, started);
            return publishAndCollect(system, producer, avro, workload, started);
        }
    }

    /** Issues the demo's keys and budgets and waits until the router acts on them. */
    private void applyGovernance(SwitchboardSystem system, DemoGovernance governance) {
        try {
            system.awaitGovernance(system.publishGovernance(governance.file()), WAVE_TIMEOUT);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying the demo's governance", e);
        }
        out.println("  governance live: a key per tenant and team, budgets, rate limits (" + DemoGovernance.BUDGET_TENANT + "/"
                + DemoGovernance.BUDGET_TEAM + " has a daily budget of " + DemoGovernance.TEAM_DAILY_BUDGET.toPlainString() + " USD)");
    }

    /**
     * One request through the whole path before the workload: share-group members get their first assignment a
     * heartbeat or two after joining, and that startup wait is reported on its own rather than inside the latency.
     */
    private void warmUp(SwitchboardSystem system, KafkaProducer<String, byte[]> producer, Serializer<LlmRequest> avro, Instant started) {
        try (ResponseCollector collector = new ResponseCollector(system.bootstrapServers(), system.serdes())) {
            publish(producer, avro, List.of(DemoWorkload.warmUp()));
            List<LlmResponse> answers = collector.awaitUntil(r -> !r.isEmpty(), WAVE_TIMEOUT);
            if (answers.isEmpty()) {
                throw new IllegalStateException("the warm-up request was not answered within " + WAVE_TIMEOUT);
            }
            out.printf("  system ready: first answer %.1f s after start (broker, streams, share-group assignment)%n",
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);
        }
    }

    private DemoReport publishAndCollect(SwitchboardSystem system, KafkaProducer<String, byte[]> producer, Serializer<LlmRequest> avro,
                                         DemoWorkload workload, Instant started) {
        try (ResponseCollector collector = new ResponseCollector(system.bootstrapServers(), system.serdes())) {
            publish(producer, avro, workload.firstWave());
            out.printf("  published %d requests; waiting for their answers%n", workload.firstWave().size());
            collector.awaitUntil(r -> r.size() >= workload.firstWave().size(), WAVE_TIMEOUT);
            publish(producer, avro, workload.secondWave());
            out.printf("  published %d more: exact repeats, paraphrases, resent request ids, bad records%n", workload.secondWave().size());
            int beforeBurst = workload.firstWave().size() + workload.secondWave().size();
            collector.awaitUntil(r -> r.size() >= beforeBurst, WAVE_TIMEOUT);
            publish(producer, avro, workload.budgetBurst());
            out.printf("  published %d requests of team %s/%s at once, against its daily budget%n", workload.budgetBurst().size(),
                    DemoGovernance.BUDGET_TENANT, DemoGovernance.BUDGET_TEAM);
            List<LlmResponse> responses = collector.awaitUntil(r -> r.size() >= workload.size(), WAVE_TIMEOUT);
            DemoReport draft = new DemoReport(workload.size(), responses, Duration.between(started, Instant.now()), Map.of());
            Map<String, BigDecimal> aggregated = awaitAggregation(system.cost().orElseThrow(), draft.costByTenant(), started);
            return new DemoReport(workload.size(), responses, Duration.between(started, Instant.now()), aggregated);
        }
    }

    private static void publish(KafkaProducer<String, byte[]> producer, Serializer<LlmRequest> avro, List<DemoWorkload.Item> items) {
        for (DemoWorkload.Item item : items) {
            byte[] value = item.isRaw() ? item.rawValue() : avro.serialize(Topics.REQUESTS, item.request());
            producer.send(new ProducerRecord<>(Topics.REQUESTS, item.key(), value));
        }
        producer.flush();
    }

    /** The aggregator reads llm.usage on its own schedule: wait until each tenant's window total matches. */
    private static Map<String, BigDecimal> awaitAggregation(CostAggregatorApp cost, Map<String, BigDecimal> expected, Instant started) {
        Instant from = started.minus(Duration.ofHours(2));
        Instant deadline = Instant.now().plus(AGGREGATION_TIMEOUT);
        Map<String, BigDecimal> aggregated = new TreeMap<>();
        do {
            expected.keySet().forEach(tenant -> aggregated.put(tenant, cost.totalCost(tenant, "1h", from, Instant.now().plus(Duration.ofHours(1)))));
            if (matches(expected, aggregated)) {
                break;
            }
            pause();
        } while (Instant.now().isBefore(deadline));
        return aggregated;
    }

    private static boolean matches(Map<String, BigDecimal> expected, Map<String, BigDecimal> actual) {
        return expected.entrySet().stream().allMatch(e -> e.getValue().compareTo(actual.getOrDefault(e.getKey(), Money.ZERO)) == 0);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cost aggregator", e);
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
