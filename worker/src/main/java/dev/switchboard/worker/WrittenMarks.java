package dev.switchboard.worker;

import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The marks on {@code llm.worker-written} that a routed record's output is committed. The mark goes into the same
 * transaction as the answer, usage and cache fill (or the hand-over to the next model), so it exists exactly when they
 * do. A record the share group delivers again (its worker died after committing, before acknowledging) is looked up
 * here first: if marked, it is acknowledged without a second provider call or a second answer.
 *
 * <p>A lookup reads one partition from shortly before the routed record was written up to the last stable offset
 * (read_committed: a transaction of a worker that died mid-write is resolved first, aborted when that worker's
 * transactional id is taken again or its timeout passes). Only redeliveries are looked up, so the scan is rare.
 */
final class WrittenMarks implements AutoCloseable {
    /** Clock skew between the producer that dated the routed record and the brokers that date the marks. */
    private static final Duration SKEW = Duration.ofMinutes(1);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConsumer<String, byte[]> consumer;

    WrittenMarks(Properties clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    static String key(RoutedRequest routed) {
        return routed.getRequest().getTenant() + "\n" + routed.getRequest().getRequestId() + "\n" + routed.getRoute().getAttempt();
    }

    /** The mark's record: its partition is chosen here from the key, so writer and lookup agree on it. */
    static ProducerRecord<String, byte[]> mark(RoutedRequest routed, int partitions) {
        String key = key(routed);
        return new ProducerRecord<>(Topics.WORKER_WRITTEN, partition(key, partitions), key, new byte[0]);
    }

    static int partition(String key, int partitions) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
    }

    /**
     * Whether this routed record's output was committed. Fails (and the record is released) when the partition
     * cannot be read to its end in time.
     */
    boolean written(RoutedRequest routed, long routedTimestampMs) {
        String key = key(routed);
        int partitions = consumer.partitionsFor(Topics.WORKER_WRITTEN).size();
        if (partitions == 0) {
            throw new IllegalStateException(Topics.WORKER_WRITTEN + " does not exist");
        }
        TopicPartition partition = new TopicPartition(Topics.WORKER_WRITTEN, partition(key, partitions));
        consumer.assign(List.of(partition));
        long since = Math.max(0, routedTimestampMs - SKEW.toMillis());
        OffsetAndTimestamp start = consumer.offsetsForTimes(Map.of(partition, since)).get(partition);
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        if (start == null) {
            return false;
        }
        consumer.seek(partition, start.offset());
        long deadline = System.nanoTime() + LOOKUP_TIMEOUT.toNanos();
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + partition + " to offset " + end + " within " + LOOKUP_TIMEOUT);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(record.key())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
