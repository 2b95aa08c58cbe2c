package dev.switchboard.router;

import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Topics;

/**
 * A terminal answer on its way to the reply step, and the topic it goes to: the request's {@code reply_to}, or
 * {@code llm.responses}. The reply step completes the request's dedup entry with an {@link Kind#ANSWER} or a
 * {@link Kind#DELIVERED} one, and passes {@link Kind#REPLAY}s of an earlier answer through.
 */
public record Reply(String topic, LlmResponse response, Kind kind) {
    public enum Kind {
        /** The router's own answer (refusal, cache hit, expiry): written, and it completes the request. */
        ANSWER,
        /** A worker's answer, already on the reply topic: it completes the request and is not written again. */
        DELIVERED,
        /** The first answer again, for a repeat of the request id. */
        REPLAY
    }

    public Reply(String topic, LlmResponse response) {
        this(topic, response, Kind.ANSWER);
    }

    public static Reply delivered(LlmResponse response) {
        return new Reply(null, response, Kind.DELIVERED);
    }

    public static Reply replay(String topic, LlmResponse response) {
        return new Reply(topic, response, Kind.REPLAY);
    }

    public static String topicFor(LlmRequest request) {
        return request.getReplyTo() == null ? Topics.RESPONSES : request.getReplyTo();
    }
}
