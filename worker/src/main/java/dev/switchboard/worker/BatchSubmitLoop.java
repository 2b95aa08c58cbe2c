package dev.switchboard.worker;

import dev.switchboard.schemas.BatchJob;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.worker.provider.BatchProvider;
import dev.switchboard.worker.provider.ChatCall;
import dev.switchboard.worker.provider.Deployments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch tier through providers' batch APIs: each poll of batch-tier records becomes one provider batch per
 * model. Once the provider has the batch and its job is on {@code llm.batch-jobs}, the records are accepted; the
 * {@link BatchJobPoller} answers them when the batch ends, whichever worker is alive then. A submission that fails
 * releases the records, so they are tried again.
 */
final class BatchSubmitLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSubmitLoop.class);
    private static final Duration GATHER = Duration.ofSeconds(1);
    private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaShareConsumer<String, byte[]> consumer;
    private final Deserializer<RoutedRequest> reader;
    private final Deployments deployments;
    private final Answers answers;
    private final OutputWriter writer;
    private final Duration callTimeout;
    private final Clock clock;
    private volatile boolean running = true;

    BatchSubmitLoop(KafkaShareConsumer<String, byte[]> consumer, Deserializer<RoutedRequest> reader, Deployments deployments, Answers answers,
                    OutputWriter writer, Duration callTimeout, Clock clock) {
        this.consumer = consumer;
        this.reader = reader;
        this.deployments = deployments;
        this.answers = answers;
        this.writer = writer;
        this.callTimeout = callTimeout;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(GATHER);
                if (!records.isEmpty()) {
                    submit(records);
                    consumer.commitAsync();
                }
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

    private void submit(ConsumerRecords<String, byte[]> records) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byModel = new LinkedHashMap<>();
        Map<ConsumerRecord<String, byte[]>, RoutedRequest> routed = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                RoutedRequest request = reader.deserialize(record.topic(), record.value());
                Instant now = clock.instant();
                if (request.getRequest().getDeadline() != null && !request.getRequest().getDeadline().isAfter(now)) {
                    acknowledge(record, writer.write(answers.expired(request, now)), AcknowledgeType.ACCEPT);
                    continue;
                }
                routed.put(record, request);
                byModel.computeIfAbsent(request.getModel(), m -> new ArrayList<>()).add(record);
            } catch (RuntimeException e) {
                acknowledge(record, writer.deadLetter(record.key(), ShareConsumerLoop.unreadable(record, e, clock.instant())), AcknowledgeType.REJECT);
            }
        }
        byModel.forEach((model, batch) -> submitModel(model, batch, routed));
    }

    private void submitModel(String model, List<ConsumerRecord<String, byte[]>> records, Map<ConsumerRecord<String, byte[]>, RoutedRequest> routed) {
        AcknowledgeType outcome = AcknowledgeType.RELEASE;
        try {
            Deployments.Deployment deployment = deployments.find(model).orElseThrow();
            BatchProvider provider = (BatchProvider) deployment.provider();
            Map<String, ChatCall> calls = new LinkedHashMap<>();
            List<RoutedRequest> requests = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                RoutedRequest request = routed.get(record);
                calls.put(BatchJobs.customId(requests.size()), new ChatCall(deployment.upstreamModel(), request.getRequest().getMessages(),
                        request.getRequest().getParams(), callTimeout));
                requests.add(request);
            }
            String batchId = provider.submitBatch(calls).get(SUBMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            BatchJob job = new BatchJob(UUID.randomUUID().toString(), deployment.provider().name(), model, batchId, clock.instant(), requests);
            writer.batchJob(job).get(SUBMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("submitted {} batch-tier requests for {} as provider batch {}", requests.size(), model, batchId);
            outcome = AcknowledgeType.ACCEPT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("batch submission for {} failed; releasing {} records for another try", model, records.size(), e);
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            consumer.acknowledge(record, outcome);
        }
    }

    private void acknowledge(ConsumerRecord<String, byte[]> record, CompletableFuture<Void> written, AcknowledgeType onSuccess) {
        AcknowledgeType type;
        try {
            written.get(SUBMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            type = onSuccess;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            type = AcknowledgeType.RELEASE;
        } catch (Exception e) {
            type = AcknowledgeType.RELEASE;
        }
        consumer.acknowledge(record, type);
    }
}
