package dev.switchboard.worker.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.HttpFailures;
import dev.switchboard.worker.provider.ProviderResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies Gemini failures and keeps the provider's own reason. Error bodies are Google's
 * {@code {"error":{"code":429,"message":"...","status":"RESOURCE_EXHAUSTED","details":[...]}}}. Two Gemini habits:
 * a bad key answers 400 with reason {@code API_KEY_INVALID} (classified as authentication), and a 429 often tells
 * the wait in a {@code google.rpc.RetryInfo} detail ({@code "retryDelay":"30s"}) instead of a Retry-After header.
 */
final class GeminiErrors {
    static final String API_KEY_INVALID = "API_KEY_INVALID";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SECONDS = Pattern.compile("(\\d+)(?:\\.(\\d{1,9}))?s");

    private GeminiErrors() {
    }

    static ProviderResult.Failure fromStatus(String provider, int status, String body, Optional<Duration> retryAfterHeader) {
        JsonNode error = errorNode(body);
        FailureKind kind = HttpFailures.kindOf(status);
        if (kind == FailureKind.REJECTED_BY_PROVIDER && hasReason(error, API_KEY_INVALID)) {
            kind = FailureKind.AUTHENTICATION;
        }
        return HttpFailures.fromStatus(provider, false, status, kind, errorMessage(error, body), retryAfterHeader.or(() -> retryDelay(error)));
    }

    private static JsonNode errorNode(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            return root == null ? null : root.get("error");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code "<status>: <message>"} from Google's error JSON, else the start of the body. */
    private static String errorMessage(JsonNode error, String body) {
        if (error != null && error.path("message").isTextual()) {
            String status = error.path("status").asText("");
            return (status.isEmpty() ? "" : status + ": ") + error.get("message").asText();
        }
        return HttpFailures.excerpt(body);
    }

    private static boolean hasReason(JsonNode error, String reason) {
        if (error == null) {
            return false;
        }
        for (JsonNode detail : error.path("details")) {
            if (reason.equals(detail.path("reason").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The {@code retryDelay} of a {@code google.rpc.RetryInfo} detail, a protobuf Duration such as {@code "30s"}. */
    static Optional<Duration> retryDelay(JsonNode error) {
        if (error == null) {
            return Optional.empty();
        }
        for (JsonNode detail : error.path("details")) {
            Matcher m = SECONDS.matcher(detail.path("retryDelay").asText(""));
            if (detail.path("@type").asText().endsWith("google.rpc.RetryInfo") && m.matches()) {
                long nanos = m.group(2) == null ? 0 : Long.parseLong((m.group(2) + "000000000").substring(0, 9));
                return Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1)), nanos));
            }
        }
        return Optional.empty();
    }
}
