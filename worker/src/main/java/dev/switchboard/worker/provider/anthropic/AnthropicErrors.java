package dev.switchboard.worker.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Classifies Anthropic failures and keeps the provider's own reason. Error bodies look like
 * {@code {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}}; 529 is Anthropic's
 * "overloaded" status and is treated like any 5xx.
 */
final class AnthropicErrors {
    /** Anthropic's status for a temporarily overloaded API. */
    static final int OVERLOADED = 529;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT = 300;

    private AnthropicErrors() {
    }

    static ProviderResult.Failure fromStatus(String provider, int status, String body, Optional<String> retryAfter) {
        FailureKind kind = switch (status) {
            case 429 -> FailureKind.RATE_LIMITED;
            case 401, 403 -> FailureKind.AUTHENTICATION;
            case 408 -> FailureKind.TIMEOUT;
            default -> status >= 500 ? FailureKind.SERVER_ERROR : FailureKind.REJECTED_BY_PROVIDER;
        };
        String message = "HTTP " + status + ": " + errorMessage(body);
        return new ProviderResult.Failure(provider, false, kind, message, status, retryAfter.flatMap(AnthropicErrors::retryAfter).orElse(null));
    }

    static ProviderResult.Failure fromException(String provider, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return new ProviderResult.Failure(provider, false, FailureKind.TIMEOUT, "no answer within the timeout: " + cause.getMessage(), null, null);
        }
        if (cause instanceof ConnectException) {
            return new ProviderResult.Failure(provider, false, FailureKind.UNREACHABLE, "cannot connect: " + cause, null, null);
        }
        FailureKind kind = cause instanceof IOException ? FailureKind.UNREACHABLE : FailureKind.BAD_RESPONSE;
        return new ProviderResult.Failure(provider, false, kind, cause.getClass().getSimpleName() + ": " + cause.getMessage(), null, null);
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
        return excerpt(body);
    }

    /** Retry-After is either delta-seconds or an HTTP date. */
    static Optional<Duration> retryAfter(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.strip())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
    }

    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "...";
    }
}
