package dev.switchboard.launcher.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads an answers topic on its own thread, from its end when created (so only this run's answers count), without
 * a consumer group and read_committed, and hands each answer to the tracker stamped with its arrival time.
 */
final class AnswerReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    /** Reads the request id and answer out of one record; empty for records that are not answers to count. */
    interface Decoder extends Function<ConsumerRecord<String, byte[]>, Optional<Decoded>> {
    }

    record Decoded(String requestId, String status, long queueMs) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    AnswerReader(String bootstrapServers, String topic, Decoder decoder, AnswerTracker tracker) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the end offsets now, before anything is sent, so no answer of this run is before them.
        partitions.forEach(consumer::position);
        thread = new Thread(() -> read(decoder, tracker), "bench-answers-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void read(Decoder decoder, AnswerTracker tracker) {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    long arrived = System.nanoTime();
                    decoder.apply(record).ifPresent(d -> tracker.answered(d.requestId(), new AnswerTracker.Answer(d.status(), d.queueMs(), arrived)));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
