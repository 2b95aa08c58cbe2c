package dev.switchboard.worker;

import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a call's records, keyed by tenant, with an idempotent producer. The returned future completes when the
 * broker has every one of them: only then is the routed record acknowledged (at-least-once).
 */
final class OutputWriter implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<LlmResponse> responses;
    private final Serializer<UsageEvent> usage;
    private final Serializer<CacheFill> cacheFill;
    private final Serializer<DeadLetter> deadLetters;

    OutputWriter(Properties clientProperties, SwitchboardSerdes serdes) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.responses = serdes.responses();
        this.usage = serdes.usage();
        this.cacheFill = serdes.cacheFill();
        this.deadLetters = serdes.deadLetters();
    }

    CompletableFuture<Void> write(CallOutcome outcome) {
        String tenant = outcome.response().getTenant();
        List<CompletableFuture<Void>> sends = new ArrayList<>(3);
        sends.add(send(outcome.replyTopic(), tenant, responses.serialize(outcome.replyTopic(), outcome.response())));
        if (outcome.usage() != null) {
            sends.add(send(Topics.USAGE, tenant, usage.serialize(Topics.USAGE, outcome.usage())));
        }
        sends.add(send(Topics.CACHE_FILL, tenant, cacheFill.serialize(Topics.CACHE_FILL, outcome.cacheFill())));
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }

    CompletableFuture<Void> deadLetter(String key, DeadLetter letter) {
        return send(Topics.DLQ, key, deadLetters.serialize(Topics.DLQ, letter));
    }

    private CompletableFuture<Void> send(String topic, String key, byte[] value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    @Override
    public void close() {
        producer.close();
    }
}
