package dev.switchboard.worker;

import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each routed record's output (usage, answer, cache fill, dead letter, or the hand-over to the next model)
 * together with its {@link WrittenMarks mark} in one Kafka transaction: a worker that dies mid-write publishes none
 * of it, and one that dies after the commit leaves the mark that stops a redelivery from calling again.
 *
 * <p>One producer per share consumer, its transactional id stable per worker instance and consumer, so a restarted
 * instance aborts what its predecessor left open at once instead of after the transaction timeout. Calls complete on
 * many threads and a producer has one transaction at a time, so outcomes queue to this writer's thread, which
 * commits whatever has gathered in one transaction (group commit): a commit per answer would cap a consumer at a few
 * hundred answers a second. A group that fails is written again one outcome at a time, so one bad outcome does not
 * take the others down with it.
 */
final class TransactionalWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalWriter.class);
    private static final int MAX_GROUP = 256;
    /** How long a transaction of a worker that vanished may hold back read_committed readers of its partitions. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

    private record Pending(List<ProducerRecord<String, byte[]>> records, RoutedRequest marked, CompletableFuture<Void> done) {
    }

    private final Properties producerProperties;
    private final OutcomeRecords records;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private KafkaProducer<String, byte[]> producer;
    private int markPartitions;

    TransactionalWriter(Properties clientProperties, SwitchboardSerdes serdes, String transactionalId) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producerProperties = props;
        this.records = new OutcomeRecords(serdes);
        this.producer = newProducer();
        // Fails here, at startup, when the marks' topic is missing, rather than on every write.
        markPartitions();
        this.thread = new Thread(this::run, "switchboard-writer-" + transactionalId);
        thread.setDaemon(true);
        thread.start();
    }

    /** Completes once the outcome and its mark are committed; fails if they were not (nothing of them is visible). */
    CompletableFuture<Void> write(CallOutcome outcome, RoutedRequest routed) {
        return enqueue(records.of(outcome), routed);
    }

    CompletableFuture<Void> deadLetter(String key, DeadLetter letter) {
        return enqueue(List.of(records.deadLetter(key, letter)), null);
    }

    private CompletableFuture<Void> enqueue(List<ProducerRecord<String, byte[]>> output, RoutedRequest marked) {
        Pending pending = new Pending(output, marked, new CompletableFuture<>());
        if (!running) {
            pending.done.completeExceptionally(new IllegalStateException("writer closed"));
        } else {
            queue.add(pending);
        }
        return pending.done;
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                if (!commit(group) && group.size() > 1) {
                    for (Pending alone : group) {
                        commit(List.of(alone));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                // Whatever did not commit fails (completing a committed one again does nothing).
                for (Pending pending : group) {
                    pending.done.completeExceptionally(new KafkaException("transaction failed"));
                }
                group.clear();
            }
        }
        Exception closed = new IllegalStateException("writer closed");
        queue.forEach(pending -> pending.done.completeExceptionally(closed));
    }

    /** One transaction for the group; true and every future completed when it committed. */
    private boolean commit(List<Pending> group) {
        try {
            producer.beginTransaction();
            for (Pending pending : group) {
                for (ProducerRecord<String, byte[]> record : pending.records) {
                    producer.send(record);
                }
                if (pending.marked != null) {
                    producer.send(WrittenMarks.mark(pending.marked, markPartitions()));
                }
            }
            producer.commitTransaction();
            group.forEach(pending -> pending.done.complete(null));
            return true;
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException | UnsupportedVersionException e) {
            LOG.warn("transactional producer {} cannot go on ({}); starting a new one", producerProperties.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG), e.toString());
            replaceProducer();
            return false;
        } catch (KafkaException e) {
            LOG.warn("transaction of {} outcomes aborted: {}", group.size(), e.toString());
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                replaceProducer();
            }
            return false;
        }
    }

    private int markPartitions() {
        if (markPartitions == 0) {
            markPartitions = producer.partitionsFor(Topics.WORKER_WRITTEN).size();
        }
        return markPartitions;
    }

    private KafkaProducer<String, byte[]> newProducer() {
        KafkaProducer<String, byte[]> created = new KafkaProducer<>(producerProperties, new StringSerializer(), new ByteArraySerializer());
        created.initTransactions();
        return created;
    }

    private void replaceProducer() {
        producer.close(Duration.ZERO);
        producer = newProducer();
    }

    /** Writes what is queued, then closes the producer. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
