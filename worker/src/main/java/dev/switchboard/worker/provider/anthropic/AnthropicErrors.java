package dev.switchboard.worker.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.worker.provider.HttpFailures;
import dev.switchboard.worker.provider.ProviderResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Classifies Anthropic failures and keeps the provider's own reason. Error bodies look like
 * {@code {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}}; 529 is Anthropic's
 * "overloaded" status and is treated like any 5xx.
 */
final class AnthropicErrors {
    /** Anthropic's status for a temporarily overloaded API. */
    static final int OVERLOADED = 529;

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicErrors() {
    }

    static ProviderResult.Failure fromStatus(String provider, int status, String body, Optional<Duration> retryAfter) {
        return HttpFailures.fromStatus(provider, false, status, HttpFailures.kindOf(status), errorMessage(body), retryAfter);
    }

    /** {@code "<error.type>: <error.message>"} when the body is Anthropic's error JSON, else the start of the body. */
    static String errorMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.path("message").isTextual()) {
                String type = error.path("type").asText("");
                return (type.isEmpty() ? "" : type + ": ") + error.get("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to the raw excerpt
        }
        return HttpFailures.excerpt(body);
    }
}
