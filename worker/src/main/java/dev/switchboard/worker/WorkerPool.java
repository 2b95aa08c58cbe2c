package dev.switchboard.worker;

import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import dev.switchboard.worker.provider.Deployments;
import dev.switchboard.worker.resilience.ResilientCaller;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A worker pool: per latency tier, share consumers over the route topics of its models with their own in-flight
 * limit, one shared producer, and the process's resilient caller (whose rate limits and bulkheads are per provider,
 * whatever the pool). More processes in the same share group add capacity without repartitioning.
 */
public final class WorkerPool implements AutoCloseable {
    /** What every pool of a process shares. */
    /**
     * @param instanceId names this worker process in its producers' transactional ids: keep it stable across restarts
     *                   (and unique among running workers) so a restart aborts what a dead predecessor left open
     * @param crash      injected crash points, for fault tests; {@link CrashPoints#NONE} in production
     */
    public record Runtime(Deployments deployments, CostCalculator costs, SwitchboardSerdes serdes, Properties clientProperties,
                          Clock clock, MeterRegistry registry, ResilientCaller caller, String instanceId, CrashPoints crash) {
        public Runtime {
            if (instanceId == null || !instanceId.matches("[A-Za-z0-9._-]{1,100}")) {
                throw new IllegalArgumentException("worker instance id must be 1-100 of [A-Za-z0-9._-], got " + instanceId);
            }
        }

        /** The same runtime for a named instance with these crash points. */
        public Runtime withInstance(String id, CrashPoints crashPoints) {
            return new Runtime(deployments, costs, serdes, clientProperties, clock, registry, caller, id, crashPoints);
        }

        /** A runtime with its own caller and retry scheduler (closed with the JVM; the threads are daemons). */
        public static Runtime create(Deployments deployments, CostCalculator costs, SwitchboardSerdes serdes, Properties clientProperties,
                                     Clock clock, MeterRegistry registry, dev.switchboard.worker.resilience.ResilienceConfig resilience) {
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
                Thread thread = new Thread(r, "switchboard-retry");
                thread.setDaemon(true);
                return thread;
            });
            ResilientCaller caller = new ResilientCaller(resilience, scheduler, clock);
            new WorkerMetrics(registry).bindCircuits(caller);
            // A random instance: its open transactions, if it dies, hold readers back until their timeout.
            return new Runtime(deployments, costs, serdes, clientProperties, clock, registry, caller,
                    "w" + java.util.UUID.randomUUID().toString().substring(0, 8), CrashPoints.NONE);
        }
    }

    /** Released before the broker's acquisition lock would expire and hand the record to someone else. */
    private static final Duration LOCK_MARGIN = Duration.ofSeconds(2);

    private final List<Runnable> stops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final OutputWriter writer;

    private WorkerPool(OutputWriter writer) {
        this.writer = writer;
    }

    public static WorkerPool start(WorkerConfig config, Runtime runtime) {
        for (String model : config.models()) {
            if (runtime.deployments().find(model).isEmpty()) {
                throw new IllegalArgumentException("worker pool " + config.name() + " serves " + model + " but no provider is deployed for it");
            }
        }
        OutputWriter writer = new OutputWriter(runtime.clientProperties(), runtime.serdes());
        WorkerPool pool = new WorkerPool(writer);
        WorkerMetrics metrics = new WorkerMetrics(runtime.registry());
        Answers answers = new Answers(runtime.costs());
        for (Map.Entry<Tier, WorkerConfig.TierCapacity> tier : config.tiers().entrySet()) {
            WorkerConfig.TierCapacity capacity = tier.getValue();
            if (capacity.consumers() == 0) {
                continue;
            }
            CallHandler handler = new CallHandler(config.name() + "/" + tier.getKey().name().toLowerCase(), runtime.deployments(), answers, runtime.caller(), capacity.maxInFlight(),
                    config.providerTimeout(), runtime.clock(), metrics);
            List<String> topics = config.models().stream().map(model -> Topics.route(model, tier.getKey())).toList();
            boolean viaBatchApi = tier.getKey() == Tier.BATCH && config.batchApi() && batchCapable(config, runtime);
            for (int i = 0; i < capacity.consumers(); i++) {
                KafkaShareConsumer<String, byte[]> consumer = new KafkaShareConsumer<>(
                        consumerProperties(config, capacity, runtime.clientProperties()), new StringDeserializer(), new ByteArrayDeserializer());
                consumer.subscribe(topics);
                String thread = "switchboard-worker-" + config.name() + "-" + tier.getKey().name().toLowerCase() + "-" + i;
                if (viaBatchApi) {
                    BatchSubmitLoop loop = new BatchSubmitLoop(consumer, runtime.serdes().routed(), runtime.deployments(), answers, writer,
                            config.providerTimeout(), runtime.clock());
                    pool.run(thread, loop, loop::stop);
                } else {
                    TransactionalWriter transactions = new TransactionalWriter(runtime.clientProperties(), runtime.serdes(),
                            "switchboard-worker-" + runtime.instanceId() + "-" + config.name() + "-" + tier.getKey().name().toLowerCase() + "-" + i);
                    ShareConsumerLoop loop = new ShareConsumerLoop(consumer, runtime.serdes().routed(), handler, transactions,
                            new WrittenMarks(runtime.clientProperties()), runtime.crash(), config.worstCaseCall(), LOCK_MARGIN, runtime.clock());
                    pool.run(thread, loop, loop::stop);
                }
            }
            if (viaBatchApi) {
                BatchJobPoller poller = new BatchJobPoller(runtime.clientProperties(), runtime.serdes().batchJobs(), runtime.deployments(), answers,
                        writer, runtime.clock());
                pool.run("switchboard-batch-poller-" + config.name(), poller, poller::stop);
            }
        }
        return pool;
    }

    private void run(String name, Runnable loop, Runnable stop) {
        Thread thread = new Thread(loop, name);
        stops.add(stop);
        threads.add(thread);
        thread.start();
    }

    /** The batch API is used only when every model of the pool has a provider that offers one. */
    private static boolean batchCapable(WorkerConfig config, Runtime runtime) {
        return config.models().stream().allMatch(model -> runtime.deployments().find(model)
                .map(d -> d.provider() instanceof dev.switchboard.worker.provider.BatchProvider).orElse(false));
    }

    private static Properties consumerProperties(WorkerConfig config, WorkerConfig.TierCapacity capacity, Properties clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, capacity.maxPollRecords());
        props.put("share.acknowledgement.mode", "explicit");
        return props;
    }

    /**
     * Graceful: consumers stop polling, calls in flight finish (or are released when they would outlive their
     * lock), their records are acknowledged, then the producer flushes and closes.
     */
    @Override
    public void close() {
        stops.forEach(Runnable::run);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writer.close();
    }
}
