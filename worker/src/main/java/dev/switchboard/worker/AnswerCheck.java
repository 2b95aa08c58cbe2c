package dev.switchboard.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.worker.provider.ProviderResult;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cascade's check on a cheap model's answer: one that fails it goes to the stronger model. It fails when it is
 * empty, a refusal, cut off by {@code max_tokens}, or not JSON when the request asked for JSON.
 */
final class AnswerCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REFUSAL = Pattern.compile(
            "^(i'?m sorry,? but|i cannot|i can'?t (help|assist)|i am unable|i'?m unable|as an ai)", Pattern.CASE_INSENSITIVE);

    private AnswerCheck() {
    }

    /** Why the answer is not good enough, or empty when it passes. */
    static Optional<String> failure(LlmRequest request, ProviderResult.Success answer) {
        String content = answer.content() == null ? "" : answer.content().strip();
        if (content.isEmpty()) {
            return Optional.of("empty answer");
        }
        if ("length".equals(answer.finishReason())) {
            return Optional.of("cut off by max_tokens");
        }
        if (REFUSAL.matcher(content).find()) {
            return Optional.of("refused");
        }
        String format = request.getParams().getResponseFormat();
        if (format != null && !format.toLowerCase(Locale.ROOT).equals("text") && !isJson(content)) {
            return Optional.of("not the JSON the request asked for");
        }
        return Optional.empty();
    }

    private static boolean isJson(String content) {
        try {
            JSON.readTree(content);
            return content.startsWith("{") || content.startsWith("[");
        } catch (IOException e) {
            return false;
        }
    }
}
