package dev.switchboard.worker;

import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import dev.switchboard.worker.provider.Deployments;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The worker process: share consumers over every route topic of the served models, one shared producer, and one
 * in-flight limit across them. More processes in the same share group add capacity without repartitioning.
 */
public final class WorkerPool implements AutoCloseable {
    /** Extra time past the provider timeout before a batch gives up on a call and releases it. */
    private static final Duration BATCH_SLACK = Duration.ofSeconds(5);

    private final List<ShareConsumerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final OutputWriter writer;

    private WorkerPool(OutputWriter writer) {
        this.writer = writer;
    }

    /**
     * @param clientProperties Kafka client settings ({@code bootstrap.servers} at least), shared by consumers and producer
     * @param registry         where the pool's meters go (answers, provider latency, calls in flight)
     */
    public static WorkerPool start(WorkerConfig config, Deployments deployments, CostCalculator costs, SwitchboardSerdes serdes,
                                   Properties clientProperties, Clock clock, MeterRegistry registry) {
        for (String model : config.models()) {
            if (deployments.find(model).isEmpty()) {
                throw new IllegalArgumentException("worker serves " + model + " but no provider is deployed for it");
            }
        }
        OutputWriter writer = new OutputWriter(clientProperties, serdes);
        WorkerPool pool = new WorkerPool(writer);
        CallHandler handler = new CallHandler(deployments, new Answers(costs), config.maxInFlight(), config.providerTimeout(), clock, registry);
        List<String> topics = Topics.routes(config.models());
        for (int i = 0; i < config.consumerThreads(); i++) {
            KafkaShareConsumer<String, byte[]> consumer = new KafkaShareConsumer<>(consumerProperties(config, clientProperties),
                    new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(topics);
            ShareConsumerLoop loop = new ShareConsumerLoop(consumer, serdes.routed(), handler, writer,
                    config.providerTimeout().plus(BATCH_SLACK));
            Thread thread = new Thread(loop, "switchboard-worker-" + i);
            pool.loops.add(loop);
            pool.threads.add(thread);
            thread.start();
        }
        return pool;
    }

    private static Properties consumerProperties(WorkerConfig config, Properties clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        props.put("share.acknowledgement.mode", "explicit");
        return props;
    }

    @Override
    public void close() {
        loops.forEach(ShareConsumerLoop::stop);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writer.close();
    }
}
