package dev.switchboard.launcher.governance;

import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Makes llm.keys and llm.policies say what the governance file says: every entry is written with a new config
 * version, and whatever the topics hold that the file no longer has is deleted with a tombstone (so removing a key
 * from the file is as good as revoking it). Writes are acknowledged by the broker before {@link #publish} returns.
 */
public final class GovernancePublisher implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final SwitchboardSerdes serdes;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong lastVersion = new AtomicLong();
    private volatile Set<String> governedTenants = Set.of();

    public GovernancePublisher(String bootstrapServers, SwitchboardSerdes serdes) {
        this.bootstrapServers = bootstrapServers;
        this.serdes = serdes;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** What one publish wrote: its config version and, per partition, the offset of its last record. */
    public record Published(long version, Map<TopicPartition, Long> lastOffsets) {
    }

    /** @return the version written and where its records are: a router that has applied those offsets acts on this file */
    public Published publish(GovernanceFile file) {
        long version = lastVersion.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
        Map<String, byte[]> keys = new HashMap<>();
        GovernanceRecords.keys(file, version).forEach((hash, key) -> keys.put(hash, serdes.virtualKeys().serializer().serialize(Topics.KEYS, key)));
        Map<String, byte[]> policies = new HashMap<>();
        GovernanceRecords.policies(file, version).forEach((tenant, policy) -> policies.put(tenant, serdes.policies().serializer().serialize(Topics.POLICIES, policy)));
        Map<TopicPartition, Long> lastOffsets = new HashMap<>();
        try {
            List<Future<RecordMetadata>> sent = new java.util.ArrayList<>(write(Topics.KEYS, keys));
            sent.addAll(write(Topics.POLICIES, policies));
            for (Future<RecordMetadata> record : sent) {
                RecordMetadata at = record.get();
                lastOffsets.merge(new TopicPartition(at.topic(), at.partition()), at.offset(), Math::max);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing governance", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish governance: " + e.getCause().getMessage(), e.getCause());
        }
        Set<String> tenants = new HashSet<>(file.tenants().keySet());
        file.keys().forEach(key -> tenants.add(key.tenant()));
        governedTenants = Set.copyOf(tenants);
        return new Published(version, Map.copyOf(lastOffsets));
    }

    /** The tenants the last published file names (its policies and its keys' tenants). */
    public Set<String> governedTenants() {
        return governedTenants;
    }

    private List<Future<RecordMetadata>> write(String topic, Map<String, byte[]> wanted) {
        Set<String> gone = new HashSet<>(liveKeys(topic));
        gone.removeAll(wanted.keySet());
        List<Future<RecordMetadata>> sent = new java.util.ArrayList<>();
        wanted.forEach((key, value) -> sent.add(producer.send(new ProducerRecord<>(topic, key, value))));
        gone.forEach(key -> sent.add(producer.send(new ProducerRecord<>(topic, key, null))));
        return sent;
    }

    /** Keys whose latest record on the compacted topic is not a tombstone. */
    private Set<String> liveKeys(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Set<String> live = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        live.remove(record.key());
                    } else {
                        live.add(record.key());
                    }
                }
            }
        }
        return live;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
