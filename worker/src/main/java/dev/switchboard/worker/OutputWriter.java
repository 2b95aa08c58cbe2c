package dev.switchboard.worker;

import dev.switchboard.schemas.BatchJob;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the batch tier's records ({@link OutcomeRecords}, batch jobs) with an idempotent producer. The returned
 * future completes when the broker has every one of them: only then is the input acknowledged (at-least-once).
 * The share consumers' calls are written by {@link TransactionalWriter} instead.
 */
public final class OutputWriter implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final OutcomeRecords records;
    private final Serializer<BatchJob> batchJobs;

    OutputWriter(Properties clientProperties, SwitchboardSerdes serdes) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.records = new OutcomeRecords(serdes);
        this.batchJobs = serdes.batchJobs();
    }

    public CompletableFuture<Void> write(CallOutcome outcome) {
        return CompletableFuture.allOf(records.of(outcome).stream().map(this::send).toArray(CompletableFuture[]::new));
    }

    /** A submitted batch job, kept on the compacted llm.batch-jobs until its answers are written. */
    public CompletableFuture<Void> batchJob(BatchJob job) {
        return send(Topics.BATCH_JOBS, job.getJobId(), batchJobs.serialize(Topics.BATCH_JOBS, job));
    }

    /** The job's tombstone: compaction drops it, and no poller picks it up again. */
    public CompletableFuture<Void> batchJobDone(String jobId) {
        return send(Topics.BATCH_JOBS, jobId, null);
    }

    public CompletableFuture<Void> deadLetter(String key, DeadLetter letter) {
        return send(records.deadLetter(key, letter));
    }

    private CompletableFuture<Void> send(String topic, String key, byte[] value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    @Override
    public void close() {
        producer.close();
    }
}
