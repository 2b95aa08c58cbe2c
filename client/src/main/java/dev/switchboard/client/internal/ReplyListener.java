package dev.switchboard.client.internal;

import dev.switchboard.schemas.LlmResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this client's reply topic on its own thread and hands every answer to {@link PendingRequests}; between polls it
 * expires deadlines. The topic is read from its end as it was when the listener started, which is before any request
 * is sent, so no answer is missed. No consumer group: the topic belongs to this client alone.
 */
public final class ReplyListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyListener.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<LlmResponse> responses;
    private final PendingRequests pending;
    private final Thread thread;
    private volatile boolean running = true;

    public ReplyListener(String bootstrapServers, String topic, Deserializer<LlmResponse> responses, PendingRequests pending) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // The router answers inside exactly-once transactions; an aborted answer must not complete a request.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.responses = responses;
        this.pending = pending;
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolves the end now, before the first request goes out
        this.thread = new Thread(this::run, "switchboard-client-replies-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    accept(record);
                }
                pending.expire();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("reply listener stopped: answers on this client's topic are no longer read", e);
        } finally {
            consumer.close();
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        LlmResponse response;
        try {
            response = responses.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            LOG.warn("unreadable answer at {}-{}@{} skipped: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (response != null) {
            pending.complete(response);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
