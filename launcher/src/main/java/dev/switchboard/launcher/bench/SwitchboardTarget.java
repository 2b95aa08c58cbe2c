package dev.switchboard.launcher.bench;

import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.CacheControl;
import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Switchboard through its front door: Avro requests keyed by tenant, answers read from {@code llm.responses}. With
 * {@link BenchSettings.FrontDoor#TIER_TOPICS} each tier has its own producer writing to {@code llm.requests.<tier>}, as
 * independent clients that know their tier do (a flood's batches never queue ahead of a probe in one producer); with
 * {@code REQUESTS} one producer writes everything to {@code llm.requests} and the triage sorts it. Each request carries
 * its intended send time as {@code submitted_at}, so the queue time the answer reports counts from it.
 */
final class SwitchboardTarget implements BenchTarget {
    static final String NAME = "switchboard";

    private final BenchSettings settings;
    private final Map<Tier, KafkaProducer<String, byte[]>> producers = new EnumMap<>(Tier.class);
    private final Serializer<LlmRequest> serializer;
    private final AnswerReader reader;

    SwitchboardTarget(String bootstrapServers, SwitchboardSerdes serdes, BenchSettings settings, AnswerTracker tracker) {
        this.settings = settings;
        if (settings.frontDoor() == BenchSettings.FrontDoor.TIER_TOPICS) {
            for (Tier tier : Tier.values()) {
                producers.put(tier, producer(bootstrapServers));
            }
        } else {
            KafkaProducer<String, byte[]> shared = producer(bootstrapServers);
            for (Tier tier : Tier.values()) {
                producers.put(tier, shared);
            }
        }
        this.serializer = serdes.requests().serializer();
        Deserializer<LlmResponse> responses = serdes.responses().deserializer();
        this.reader = new AnswerReader(bootstrapServers, Topics.RESPONSES, record -> {
            LlmResponse answer = responses.deserialize(record.topic(), record.value());
            return answer == null ? Optional.empty()
                    : Optional.of(new AnswerReader.Decoded(answer.getRequestId(), answer.getStatus().name(), answer.getLatency().getQueueMs()));
        }, tracker);
    }

    static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void send(String requestId, Tier tier, String prompt, long submittedAtMillis) {
        LlmRequest request = LlmRequest.newBuilder()
                .setRequestId(requestId)
                .setTenant(settings.tenant())
                .setAttribution(new Attribution("bench", "bench", "bench", null, null))
                .setMessages(List.of(new ChatMessage("user", prompt, null, null, new ArrayList<>())))
                .setParams(GenerationParams.newBuilder().setMaxTokens(settings.maxTokens()).setTemperature(0.0).build())
                .setModel(settings.model())
                .setTier(tier)
                .setTierExplicit(true)
                .setCache(CacheControl.newBuilder().setNoCache(!settings.cache()).build())
                .setSubmittedAt(Instant.ofEpochMilli(submittedAtMillis))
                .build();
        String topic = settings.frontDoor() == BenchSettings.FrontDoor.TIER_TOPICS ? Topics.requests(tier) : Topics.REQUESTS;
        producers.get(tier).send(new ProducerRecord<>(topic, settings.tenant(), serializer.serialize(topic, request)));
    }

    @Override
    public void flush() {
        Set.copyOf(producers.values()).forEach(KafkaProducer::flush);
    }

    @Override
    public void close() throws InterruptedException {
        Set.copyOf(producers.values()).forEach(KafkaProducer::close);
        reader.close();
    }
}
