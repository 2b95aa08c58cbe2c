package dev.switchboard.launcher;

import dev.switchboard.schemas.CacheInvalidation;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A minimal client for a running system, for machines without kcat: send a request, print the answers. */
final class ClientCommands {
    private ClientCommands() {
    }

    @Command(name = "send", description = "Publish one chat request (as JSON, like any producer could) to llm.requests.")
    static final class Send implements Callable<Integer> {
        @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", description = "default ${DEFAULT-VALUE}")
        String bootstrapServers;

        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--model", defaultValue = "auto", description = "catalog id or auto (default ${DEFAULT-VALUE})")
        String model;

        @Option(names = "--tier", defaultValue = "standard", description = "interactive, standard or batch (default ${DEFAULT-VALUE})")
        String tier;

        @Option(names = "--request-id", description = "default: a random UUID")
        String requestId;

        @Option(names = "--team", description = "attribution: the team (a key issued to a team sets it)")
        String team;

        @Option(names = "--session", description = "session id, for per-session token caps")
        String session;

        @Option(names = "--api-key-env", defaultValue = "SWITCHBOARD_API_KEY",
                description = "environment variable holding the virtual key, kept off the command line (default ${DEFAULT-VALUE})")
        String apiKeyEnv;

        @Parameters(index = "0", description = "the user message")
        String message;

        @Override
        public Integer call() throws Exception {
            ObjectNode request = new ObjectMapper().createObjectNode()
                    .put("request_id", requestId != null ? requestId : UUID.randomUUID().toString())
                    .put("tenant", tenant).put("model", model).put("tier", tier);
            request.putArray("messages").addObject().put("role", "user").put("content", message);
            String apiKey = System.getenv(apiKeyEnv);
            if (apiKey != null && !apiKey.isBlank()) {
                request.put("api_key", apiKey);
            }
            if (team != null) {
                request.put("team", team);
            }
            if (session != null) {
                request.put("session_id", session);
            }
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrapServers);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.REQUESTS, tenant, request.toString().getBytes(StandardCharsets.UTF_8))).get();
            }
            System.out.println(request.get("request_id").asText());
            return 0;
        }
    }

    @Command(name = "invalidate-cache", description = "Make the router forget every answer cached for a tenant's cache namespace.")
    static final class InvalidateCache implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--namespace", description = "default: the namespace of requests that name none")
        String namespace;

        @Option(names = "--reason")
        String reason;

        @Override
        public Integer call() throws Exception {
            Properties props = new Properties();
            props.put("bootstrap.servers", cluster.bootstrapServers);
            var serializer = cluster.serdes().cacheInvalidations().serializer();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                var invalidation = new CacheInvalidation(tenant, namespace, reason, java.time.Instant.now());
                producer.send(new ProducerRecord<>(Topics.CACHE_CONTROL, tenant, serializer.serialize(Topics.CACHE_CONTROL, invalidation))).get();
            }
            System.out.println("invalidated cache namespace " + (namespace == null ? "(default)" : namespace) + " of tenant " + tenant);
            return 0;
        }
    }

    @Command(name = "tail", description = "Print records as JSON, one per line: answers from llm.responses (or a reply topic), budget alerts from llm.alerts, spend from llm.spend.")
    static final class Tail implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        @Option(names = "--topic", defaultValue = Topics.RESPONSES,
                description = "llm.responses (default) or a reply_to topic, llm.alerts (budget alerts) or llm.spend (spend per budget period)")
        String topic;

        @Option(names = "--from-beginning", description = "read the topic from its start instead of its end")
        boolean fromBeginning;

        @Option(names = "--max", defaultValue = "-1", description = "stop after this many records (default: run until stopped)")
        int max;

        @Override
        public Integer call() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            SwitchboardSerdes serdes = cluster.serdes();
            // Avro records print as JSON; the schema follows from the topic.
            Deserializer<?> values = switch (topic) {
                case Topics.ALERTS -> serdes.alerts().deserializer();
                case Topics.SPEND -> serdes.spend().deserializer();
                default -> serdes.responses().deserializer();
            };
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                if (fromBeginning) {
                    consumer.seekToBeginning(partitions);
                } else {
                    consumer.seekToEnd(partitions);
                }
                int printed = 0;
                while (max < 0 || printed < max) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        System.out.println(values.deserialize(record.topic(), record.value()));
                        printed++;
                    }
                }
            }
            return 0;
        }
    }
}
