package dev.switchboard.worker.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.worker.provider.HttpFailures;
import dev.switchboard.worker.provider.ProviderResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Classifies OpenAI-style failures and keeps the provider's own reason for the caller. */
final class OpenAiErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiErrors() {
    }

    static ProviderResult.Failure fromStatus(String provider, boolean simulated, int status, String body, Optional<Duration> retryAfter) {
        return HttpFailures.fromStatus(provider, simulated, status, HttpFailures.kindOf(status), errorMessage(body), retryAfter);
    }

    /** The provider's {@code error.message} when the body is OpenAI's error JSON, else the start of the body. */
    static String errorMessage(String body) {
        try {
            JsonNode message = JSON.readTree(body).path("error").path("message");
            if (message.isTextual()) {
                return message.asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to the raw excerpt
        }
        return HttpFailures.excerpt(body);
    }
}
