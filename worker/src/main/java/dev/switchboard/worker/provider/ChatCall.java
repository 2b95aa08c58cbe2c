package dev.switchboard.worker.provider;

import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import java.time.Duration;
import java.util.List;

/** What is sent to a provider: the provider's own name for the model, the conversation, the parameters. */
public record ChatCall(String upstreamModel, List<ChatMessage> messages, GenerationParams params, Duration timeout) {
}
