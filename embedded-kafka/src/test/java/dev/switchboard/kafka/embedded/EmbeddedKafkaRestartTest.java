package dev.switchboard.kafka.embedded;

import dev.switchboard.kafka.TopicAdmin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void restartWithSameDataDirKeepsTopicRecordsAndClusterId() throws Exception {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults().withDataDir(dataDir);
        String clusterId;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config)) {
            clusterId = broker.clusterId();
            try (TopicAdmin admin = TopicAdmin.connect(broker.bootstrapServers())) {
                admin.ensureTopics(List.of(new NewTopic("durable", 1, (short) 1)));
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("durable", "k", "r" + i));
                }
                producer.flush();
            }
        }
        assertThat(dataDir.resolve("meta.properties")).as("caller-owned dir survives close").exists();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config)) {
            assertThat(broker.clusterId()).isEqualTo(clusterId);
            try (TopicAdmin admin = TopicAdmin.connect(broker.bootstrapServers())) {
                assertThat(admin.admin().describeCluster().clusterId().get()).isEqualTo(clusterId);
                assertThat(admin.admin().listTopics().names().get()).contains("durable");
                admin.ensureTopics(List.of(new NewTopic("durable", 1, (short) 1))); // waits for the leader
            }
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                TopicPartition tp = new TopicPartition("durable", 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.size() < 10 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
            }
            assertThat(values).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
        }
        assertThat(Files.exists(dataDir)).isTrue();
    }
}
