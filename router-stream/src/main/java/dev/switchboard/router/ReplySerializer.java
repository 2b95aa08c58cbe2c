package dev.switchboard.router;

import dev.switchboard.schemas.LlmResponse;
import org.apache.kafka.common.serialization.Serializer;

/** Writes a {@link Reply}'s response with the response serde; the topic comes from the sink's extractor. */
public final class ReplySerializer implements Serializer<Reply> {
    private final Serializer<LlmResponse> responses;

    public ReplySerializer(Serializer<LlmResponse> responses) {
        this.responses = responses;
    }

    @Override
    public byte[] serialize(String topic, Reply reply) {
        return reply == null ? null : responses.serialize(topic, reply.response());
    }
}
