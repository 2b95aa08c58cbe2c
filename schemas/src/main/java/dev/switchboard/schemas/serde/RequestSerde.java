package dev.switchboard.schemas.serde;

import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.json.RequestJson;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of {@code llm.requests}: writes Confluent Avro; reads Confluent Avro (first byte 0) or a JSON
 * chat-completions body with Switchboard's fields (first non-blank byte '{'), so any producer, kcat
 * included, can send a request without Avro.
 */
public final class RequestSerde implements Serde<LlmRequest>, Deserializer<LlmRequest> {
    private final ConfluentAvroSerde<LlmRequest> avro;

    RequestSerde(ConfluentAvroSerde<LlmRequest> avro) {
        this.avro = avro;
    }

    @Override
    public LlmRequest deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length > 0 && bytes[0] == ConfluentAvroSerde.MAGIC_BYTE) {
            return avro.deserialize(topic, bytes);
        }
        if (RequestJson.looksLikeJson(bytes)) {
            return RequestJson.parse(bytes);
        }
        throw new SerializationException("llm.requests accepts Confluent Avro (first byte 0) or a JSON object; got "
                + (bytes.length == 0 ? "an empty record" : "first byte 0x" + Integer.toHexString(bytes[0] & 0xff)));
    }

    @Override
    public Serializer<LlmRequest> serializer() {
        return avro;
    }

    @Override
    public Deserializer<LlmRequest> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }
}
