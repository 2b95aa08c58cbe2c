package dev.switchboard.gateway.state;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest value of every key of a compacted topic, held in memory: read from the beginning at start (the
 * constructor returns once the topic's end is reached) and followed after that. {@link #put} writes through Kafka and
 * waits for the broker, so a restarted process that reads the topic again knows everything put before. Unreadable
 * records are skipped with a warning; a tombstone removes its key.
 */
public final class CompactedView<V> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CompactedView.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final String topic;
    private final Function<ConsumerRecord<String, byte[]>, V> decode;
    private final Map<String, V> values = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    /** @param maxRecordBytes the largest value this view writes (the producer's request size follows it) */
    public CompactedView(String bootstrapServers, String topic, Function<byte[], V> decode, int maxRecordBytes) {
        this(bootstrapServers, topic, maxRecordBytes, record -> decode.apply(record.value()));
    }

    /**
     * A view that keeps what it decodes from the whole record (headers, offset), not necessarily its value: a large
     * value can stay in Kafka and be read back by its offset when it is needed.
     */
    public static <V> CompactedView<V> ofRecords(String bootstrapServers, String topic, Function<ConsumerRecord<String, byte[]>, V> decode,
                                                 int maxRecordBytes) {
        return new CompactedView<>(bootstrapServers, topic, maxRecordBytes, decode);
    }

    private CompactedView(String bootstrapServers, String topic, int maxRecordBytes, Function<ConsumerRecord<String, byte[]>, V> decode) {
        this.topic = topic;
        this.decode = decode;
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(maxRecordBytes + 64 * 1024));
        producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "switchboard-view-" + topic);
        thread.setDaemon(true);
        thread.start();
        try {
            if (!caughtUp.await(CATCH_UP.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("could not read " + topic + " to its end within " + CATCH_UP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + topic, e);
        }
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Collection<V> values() {
        return values.values();
    }

    /** Writes the value and waits until the broker has it; the view shows it at once. */
    public void put(String key, V value, byte[] encoded) {
        write(key, new ProducerRecord<>(topic, key, encoded));
        values.put(key, value);
    }

    /** Writes a record with headers and waits for the broker; the view keeps what {@code valueAt} makes of where it landed. */
    public V put(String key, byte[] encoded, Iterable<Header> headers, Function<RecordMetadata, V> valueAt) {
        V value = valueAt.apply(write(key, new ProducerRecord<>(topic, null, key, encoded, headers)));
        values.put(key, value);
        return value;
    }

    private RecordMetadata write(String key, ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write " + key + " to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("writing " + key + " to " + topic + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
                if (caughtUp.getCount() > 0 && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("stopped following {}: its view no longer changes", topic, e);
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            values.remove(record.key());
            return;
        }
        try {
            V value = decode.apply(record);
            if (value != null) {
                values.put(record.key(), value);
            }
        } catch (RuntimeException e) {
            LOG.warn("unreadable record {} at {}-{}@{} skipped: {}", record.key(), topic, record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
