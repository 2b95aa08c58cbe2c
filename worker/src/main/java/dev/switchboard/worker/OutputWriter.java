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
 * Writes a call's records, keyed by tenant, with an idempotent producer: usage events, then either the answer, its
 * cache fill (and a dead letter when every model failed) or the request on its next model's route topic. The
 * returned future completes when the broker has every one of them: only then is the routed record acknowledged
 * (at-least-once).
 */
public final class OutputWriter implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<LlmResponse> responses;
    private final Serializer<UsageEvent> usage;
    private final Serializer<CacheFill> cacheFill;
    private final Serializer<DeadLetter> deadLetters;
    private final Serializer<RoutedRequest> routed;
    private final Serializer<BatchJob> batchJobs;

    OutputWriter(Properties clientProperties, SwitchboardSerdes serdes) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.responses = serdes.responses();
        this.usage = serdes.usage();
        this.cacheFill = serdes.cacheFill();
        this.deadLetters = serdes.deadLetters();
        this.routed = serdes.routed();
        this.batchJobs = serdes.batchJobs();
    }

    public CompletableFuture<Void> write(CallOutcome outcome) {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (UsageEvent event : outcome.usage()) {
            sends.add(send(Topics.USAGE, event.getTenant(), usage.serialize(Topics.USAGE, event)));
        }
        if (outcome.terminal()) {
            String tenant = outcome.response().getTenant();
            sends.add(send(outcome.replyTopic(), tenant, responses.serialize(outcome.replyTopic(), outcome.response())));
            sends.add(send(Topics.CACHE_FILL, tenant, cacheFill.serialize(Topics.CACHE_FILL, outcome.cacheFill())));
            if (outcome.deadLetter() != null) {
                sends.add(deadLetter(tenant, outcome.deadLetter()));
            }
        } else {
            RoutedRequest next = outcome.fallback();
            String topic = Topics.route(next.getModel(), next.getTier());
            sends.add(send(topic, next.getRequest().getTenant(), routed.serialize(topic, next)));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
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
        return send(Topics.DLQ, key, deadLetters.serialize(Topics.DLQ, letter));
    }

    private CompletableFuture<Void> send(String topic, String key, byte[] value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
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
