package dev.switchboard.kafka.embedded;

import dev.switchboard.kafka.TopicAdmin;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** One broker for the whole class: basic produce/consume, transactions and share groups. */
class EmbeddedKafkaBrokerTest {

    private static EmbeddedKafkaBroker broker;
    private static TopicAdmin topicAdmin;
    private static long startMillis;

    @BeforeAll
    static void startBroker() {
        long t0 = System.nanoTime();
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaConfig.defaults());
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("Embedded broker ready in " + startMillis + " ms at " + broker.bootstrapServers());
        topicAdmin = TopicAdmin.connect(broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (topicAdmin != null) {
            topicAdmin.close();
        }
        if (broker != null) {
            Path dir = broker.dataDir();
            broker.close();
            assertThat(Files.exists(dir)).as("temp data dir deleted on close").isFalse();
        }
    }

    @Test
    void producesAndConsumesAcrossThreePartitions() throws Exception {
        String topic = "basic";
        topicAdmin.ensureTopics(List.of(new NewTopic(topic, 3, (short) 1)));
        TopicDescription description = topicAdmin.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        assertThat(description.partitions()).hasSize(3).allSatisfy(p -> assertThat(p.leader()).isNotNull());
        // Second call is a no-op for existing topics.
        topicAdmin.ensureTopics(List.of(new NewTopic(topic, 3, (short) 1)));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
        }

        Set<String> values = new HashSet<>();
        Set<Integer> partitions = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps("basic-group", "read_uncommitted"))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 100 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                    partitions.add(r.partition());
                }
            }
        }
        assertThat(values).hasSize(100);
        assertThat(partitions).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void committedTransactionIsVisibleToReadCommittedConsumer() throws Exception {
        String topic = "tx";
        topicAdmin.ensureTopics(List.of(new NewTopic(topic, 1, (short) 1)));

        Map<String, Object> props = producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "committed-" + i));
            }
            producer.commitTransaction();
        }

        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps("tx-group", "read_committed"))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 5 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        assertThat(values).containsExactly("committed-0", "committed-1", "committed-2", "committed-3", "committed-4");
    }

    @Test
    void shareGroupReceivesAndAcknowledgesAllRecords() throws Exception {
        FinalizedVersionRange shareVersion = topicAdmin.admin().describeFeatures().featureMetadata().get()
                .finalizedFeatures().get("share.version");
        assertThat(shareVersion).as("share.version finalized").isNotNull();
        assertThat(shareVersion.maxVersionLevel()).isGreaterThanOrEqualTo((short) 1);

        String topic = "shared";
        topicAdmin.ensureTopics(List.of(new NewTopic(topic, 2, (short) 1)));
        topicAdmin.setShareGroupConfig("g", Map.of("share.auto.offset.reset", "earliest"));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "s" + i));
            }
            producer.flush();
        }

        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "g");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put("share.acknowledgement.mode", "explicit");
        Set<String> values = new HashSet<>();
        try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (values.size() < 20 && System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> r : records) {
                    values.add(r.value());
                    consumer.acknowledge(r, AcknowledgeType.ACCEPT);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync().forEach((tip, error) ->
                            assertThat(error).as("ack result for %s", tip).isEmpty());
                }
            }
        }
        assertThat(values).hasSize(20);
    }

    private static Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static Map<String, Object> consumerProps(String group, String isolation) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return props;
    }
}
