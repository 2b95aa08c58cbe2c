package dev.switchboard.worker.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.HttpFailures;
import dev.switchboard.worker.provider.ProviderResult;
import java.io.IOException;
import java.util.Optional;

/** Classifies OpenAI-style failures and keeps the provider's own reason for the caller. */
final class OpenAiErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiErrors() {
    }

    static ProviderResult.Failure fromStatus(String provider, boolean simulated, int status, String body, Optional<String> retryAfter) {
        FailureKind kind = switch (status) {
            case 429 -> FailureKind.RATE_LIMITED;
            case 401, 403 -> FailureKind.AUTHENTICATION;
            case 408 -> FailureKind.TIMEOUT;
            default -> status >= 500 ? FailureKind.SERVER_ERROR : FailureKind.REJECTED_BY_PROVIDER;
        };
        String message = "HTTP " + status + ": " + errorMessage(body);
        return new ProviderResult.Failure(provider, simulated, kind, message, status, retryAfter.flatMap(HttpFailures::retryAfter).orElse(null));
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
