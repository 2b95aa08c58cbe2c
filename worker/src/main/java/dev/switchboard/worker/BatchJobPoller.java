package dev.switchboard.worker;

import dev.switchboard.schemas.BatchJob;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.worker.provider.BatchProvider;
import dev.switchboard.worker.provider.Deployments;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.resilience.Attempt;
import dev.switchboard.worker.resilience.CallResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers batch jobs when their provider batch ends. Its state is the compacted {@code llm.batch-jobs} itself: it never
 * commits offsets and reads its partitions from the start after every assignment, so a restarted or rebalanced poller
 * picks up every unfinished job; a finished job's answers are written before its tombstone (at-least-once).
 */
final class BatchJobPoller implements Runnable {
    static final String GROUP = "switchboard-batch-pollers";
    private static final Logger LOG = LoggerFactory.getLogger(BatchJobPoller.class);
    private static final Duration POLL_EVERY = Duration.ofSeconds(1);

    private final KafkaConsumer<String, byte[]> consumer;
    private final dev.switchboard.schemas.serde.ConfluentAvroSerde<BatchJob> jobs;
    private final Deployments deployments;
    private final Answers answers;
    private final OutputWriter writer;
    private final Clock clock;
    private final Map<String, BatchJob> open = new LinkedHashMap<>();
    private final Set<String> checking = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Jobs this poller answered, until their tombstone comes back: they must not be answered twice. */
    private final Set<String> finished = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    BatchJobPoller(Properties clientProperties, dev.switchboard.schemas.serde.ConfluentAvroSerde<BatchJob> jobs, Deployments deployments,
                   Answers answers, OutputWriter writer, Clock clock) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.jobs = jobs;
        this.deployments = deployments;
        this.answers = answers;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(dev.switchboard.schemas.Topics.BATCH_JOBS), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                    open.clear();
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                    consumer.seekToBeginning(partitions);
                }
            });
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_EVERY)) {
                    if (record.value() == null) {
                        open.remove(record.key());
                        finished.remove(record.key());
                    } else {
                        open.put(record.key(), jobs.deserialize(record.topic(), record.value()));
                    }
                }
                new ArrayList<>(open.values()).forEach(this::check);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Asks the provider about one job, at most one question at a time per job. */
    private void check(BatchJob job) {
        if (finished.contains(job.getJobId()) || !checking.add(job.getJobId())) {
            return;
        }
        Optional<BatchProvider> provider = deployments.find(job.getModel()).map(d -> d.provider())
                .filter(p -> p instanceof BatchProvider).map(p -> (BatchProvider) p);
        if (provider.isEmpty()) {
            checking.remove(job.getJobId());
            return;
        }
        provider.get().batchResults(job.getProviderBatchId())
                .thenCompose(results -> results.map(r -> answer(job, r)).orElse(CompletableFuture.completedFuture(null)))
                .whenComplete((done, error) -> {
                    if (error != null) {
                        LOG.warn("checking batch job {} failed; will ask again", job.getJobId(), error);
                    }
                    checking.remove(job.getJobId());
                });
    }

    /** Writes every request's answer (or fall-over), then the job's tombstone. */
    private CompletableFuture<Void> answer(BatchJob job, Map<String, ProviderResult> results) {
        Instant now = clock.instant();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        List<RoutedRequest> requests = job.getRequests();
        for (int i = 0; i < requests.size(); i++) {
            ProviderResult result = results.getOrDefault(BatchJobs.customId(i), new ProviderResult.Failure(job.getProvider(), false,
                    FailureKind.SERVER_ERROR, "request missing from the output of provider batch " + job.getProviderBatchId(), null, null));
            CallResult call = new CallResult(List.of(new Attempt(result, job.getSubmittedAt(), now)));
            writes.add(writer.write(answers.answered(requests.get(i), call, now)));
        }
        finished.add(job.getJobId());
        LOG.info("batch job {} ({} requests on {}) ended; answering", job.getJobId(), requests.size(), job.getModel());
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenCompose(done -> writer.batchJobDone(job.getJobId()));
    }
}
