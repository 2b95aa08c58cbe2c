package dev.switchboard.gateway.openai;

import dev.switchboard.schemas.LlmRequest;
import java.time.Duration;

/**
 * A chat-completions call read from HTTP: the record to publish and how to answer.
 *
 * @param timeout null: the gateway's default
 */
public record ChatCall(LlmRequest request, boolean stream, boolean includeUsage, Duration timeout) {
}
