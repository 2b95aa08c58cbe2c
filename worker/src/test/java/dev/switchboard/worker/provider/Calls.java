package dev.switchboard.worker.provider;

import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import java.time.Duration;
import java.util.List;

/** Representative calls for provider tests. */
public final class Calls {
    private Calls() {
    }

    public static ChatMessage message(String role, String content) {
        return new ChatMessage(role, content, null, null, new java.util.ArrayList<>());
    }

    /** A system prompt, a user/assistant exchange and a follow-up, with max_tokens, temperature, top_p and stop set. */
    public static ChatCall conversation(String model, Duration timeout) {
        return new ChatCall(model, List.of(
                message("system", "You are terse."),
                message("user", "What is a share group?"),
                message("assistant", "A Kafka consumer group with queue semantics."),
                message("user", "And its broker version?")),
                new GenerationParams(256, 0.2, 0.9, List.of("\n\nEND"), null), timeout);
    }

    public static ChatCall conversation(String model) {
        return conversation(model, Duration.ofSeconds(5));
    }

    public static ChatCall withParams(String model, GenerationParams params, ChatMessage... messages) {
        return new ChatCall(model, List.of(messages), params, Duration.ofSeconds(5));
    }

    public static GenerationParams noParams() {
        return new GenerationParams(null, null, null, List.of(), null);
    }
}
