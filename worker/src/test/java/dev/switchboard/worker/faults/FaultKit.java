package dev.switchboard.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.kafka.TopicAdmin;
import dev.switchboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Shared plumbing of the fault tests: topics, publishing routed requests, and reading what the workers wrote. */
final class FaultKit {
    private final EmbeddedKafkaBroker broker;
    private final SwitchboardSerdes serdes;

    FaultKit(EmbeddedKafkaBroker broker, SwitchboardSerdes serdes, List<String> models, String group) {
        this.broker = broker;
        this.serdes = serdes;
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.routes(models)) {
            topics.add(new NewTopic(topic, 2, (short) 1));
        }
        for (String topic : List.of(Topics.RESPONSES, Topics.USAGE, Topics.CACHE_FILL, Topics.DLQ, Topics.WORKER_WRITTEN)) {
            topics.add(new NewTopic(topic, 2, (short) 1));
        }
        topics.add(new NewTopic(Topics.BATCH_JOBS, 2, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        try (TopicAdmin admin = TopicAdmin.connect(broker.bootstrapServers())) {
            admin.ensureTopics(topics);
            admin.setShareGroupConfig(group, Map.of("share.auto.offset.reset", "earliest", "share.isolation.level", "read_committed"));
        }
    }

    Properties client() {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        return props;
    }

    void publish(List<RoutedRequest> requests) {
        Properties props = client();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (RoutedRequest routed : requests) {
                String topic = Topics.route(routed.getModel(), routed.getTier());
                producer.send(new ProducerRecord<>(topic, routed.getRequest().getTenant(), serdes.routed().serialize(topic, routed)));
            }
        }
    }

    /** What the workers wrote so far, read from the start of each output topic. */
    record Written(List<LlmResponse> responses, List<UsageEvent> usage, int deadLetters) {
    }

    Written awaitWritten(String readerGroup, Predicate<Written> done, Duration timeout) {
        Properties props = client();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, readerGroup);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<LlmResponse> responses = new ArrayList<>();
        List<UsageEvent> usage = new ArrayList<>();
        int letters = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RESPONSES, Topics.USAGE, Topics.DLQ));
            long deadline = System.nanoTime() + timeout.toNanos();
            Written written = new Written(responses, usage, letters);
            while (!done.test(written)) {
                assertThat(System.nanoTime()).as("outputs within %s: %d responses, %d usage events", timeout, responses.size(), usage.size())
                        .isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    switch (record.topic()) {
                        case Topics.RESPONSES -> responses.add(serdes.responses().deserialize(record.topic(), record.value()));
                        case Topics.USAGE -> usage.add(serdes.usage().deserialize(record.topic(), record.value()));
                        default -> letters++;
                    }
                }
                written = new Written(responses, usage, letters);
            }
            return written;
        }
    }
}
