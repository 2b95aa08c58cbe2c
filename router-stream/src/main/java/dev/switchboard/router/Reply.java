package dev.switchboard.router;

import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Topics;

/** A terminal answer and the topic it goes to: the request's {@code reply_to}, or {@code llm.responses}. */
public record Reply(String topic, LlmResponse response) {
    public static String topicFor(LlmRequest request) {
        return request.getReplyTo() == null ? Topics.RESPONSES : request.getReplyTo();
    }
}
