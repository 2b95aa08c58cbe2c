package dev.switchboard.launcher.demo;

import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
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
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code llm.responses} from the offsets it had when created, so it sees exactly the answers to what is
 * published after it, read_committed, without a consumer group.
 */
public final class ResponseCollector implements AutoCloseable {
    private final KafkaConsumer<String, LlmResponse> consumer;
    private final List<LlmResponse> responses = new ArrayList<>();

    public ResponseCollector(String bootstrapServers, SwitchboardSerdes serdes) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), serdes.responses().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESPONSES).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        ends.forEach(consumer::seek);
    }

    /** Polls until the predicate holds over everything read so far, or the deadline passes. */
    public List<LlmResponse> awaitUntil(Predicate<List<LlmResponse>> done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.test(responses) && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, LlmResponse> record : consumer.poll(Duration.ofMillis(200))) {
                responses.add(record.value());
            }
        }
        return List.copyOf(responses);
    }

    public List<LlmResponse> responses() {
        return List.copyOf(responses);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
