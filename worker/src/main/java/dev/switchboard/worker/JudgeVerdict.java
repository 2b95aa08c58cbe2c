package dev.switchboard.worker;

import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.worker.provider.ChatCall;
import dev.switchboard.worker.provider.ProviderResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The cascade judge: a model asked whether a cheap answer answers the question; anything but YES escalates. */
final class JudgeVerdict {
    private static final String INSTRUCTIONS = "You check answers. Reply with exactly YES if the answer fully and correctly answers "
            + "the question, otherwise NO followed by a short reason.";

    private JudgeVerdict() {
    }

    static ChatCall call(String upstreamModel, LlmRequest request, String answer, Duration timeout) {
        String question = request.getMessages().get(request.getMessages().size() - 1).getContent();
        List<ChatMessage> messages = new ArrayList<>(List.of(
                new ChatMessage("system", INSTRUCTIONS, null, null, new ArrayList<>()),
                new ChatMessage("user", "Question:\n" + question + "\n\nAnswer:\n" + answer, null, null, new ArrayList<>())));
        return new ChatCall(upstreamModel, messages, new GenerationParams(32, 0.0, null, new ArrayList<>(), null), timeout);
    }

    /** Why the judge rejects the answer; a judge that failed to answer does not block the cheap answer. */
    static Optional<String> failure(String judgeModel, ProviderResult verdict) {
        if (!(verdict instanceof ProviderResult.Success success)) {
            return Optional.empty();
        }
        String text = success.content() == null ? "" : success.content().strip();
        return text.toUpperCase(Locale.ROOT).startsWith("YES") ? Optional.empty()
                : Optional.of("judge " + judgeModel + " said: " + (text.length() > 120 ? text.substring(0, 120) + "..." : text));
    }
}
