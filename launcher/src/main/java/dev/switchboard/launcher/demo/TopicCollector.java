package dev.switchboard.launcher.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one topic, read_committed and without a consumer group, from its end offsets when created (so it sees what
 * is published after it) or from its beginning.
 */
public class TopicCollector<V> implements AutoCloseable {
    private final KafkaConsumer<String, V> consumer;
    private final List<V> values = new ArrayList<>();

    public TopicCollector(String bootstrapServers, String topic, Deserializer<V> deserializer, boolean fromBeginning) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> starts = fromBeginning ? consumer.beginningOffsets(partitions) : consumer.endOffsets(partitions);
        starts.forEach(consumer::seek);
    }

    /** Polls until the predicate holds over everything read so far, or the deadline passes. */
    public List<V> awaitUntil(Predicate<List<V>> done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.test(values) && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
        }
        return List.copyOf(values);
    }

    public List<V> values() {
        return List.copyOf(values);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
