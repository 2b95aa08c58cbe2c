package dev.switchboard.kafka.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.kafka.TopicAdmin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three brokers as three JVMs: topics replicated three ways with two in sync, and writes that survive a broker's death. */
class LocalClusterTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);
    private static final String TOPIC = "llm.requests";

    @TempDir
    Path dataDir;
    private LocalCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.down();
        }
    }

    @Test
    @Timeout(300)
    void shouldKeepAcceptingAcknowledgedWritesWhenABrokerDies() throws Exception {
        cluster = LocalCluster.up(new ClusterLayout(3, dataDir, freeBasePort(3)), START_TIMEOUT);
        assertThat(cluster.status()).anySatisfy(line -> assertThat(line).startsWith("brokers answering: 3 of 3"));

        TopicDescription topic;
        try (TopicAdmin admin = TopicAdmin.connect(cluster.bootstrapServers())) {
            admin.ensureTopics(List.of(new NewTopic(TOPIC, Optional.of(3), Optional.empty())));
            topic = admin.admin().describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
            String minIsr = admin.admin().describeConfigs(List.of(resource)).all().get().get(resource).get("min.insync.replicas").value();
            assertThat(minIsr).isEqualTo("2");
        }
        assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));

        try (KafkaProducer<String, String> producer = producer()) {
            RecordMetadata first = producer.send(new ProducerRecord<>(TOPIC, 0, "acme", "before")).get();
            int leader = topic.partitions().get(0).leader().id();
            cluster.kill(leader);
            assertThat(cluster.status()).anySatisfy(line -> assertThat(line).startsWith("node " + leader).contains("stopped"));

            RecordMetadata second = producer.send(new ProducerRecord<>(TOPIC, 0, "acme", "after")).get();
            assertThat(second.offset()).isGreaterThan(first.offset());
        }
        assertThat(consume(2)).containsExactly("before", "after");
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private List<String> consume(int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static int freeBasePort(int brokers) {
        return ClusterLayout.freeBasePort(brokers);
    }
}
