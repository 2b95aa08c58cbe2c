package dev.switchboard.gateway.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;

/**
 * An error as OpenAI's API returns it: an HTTP status and {@code {"error": {message, type, param, code}}}.
 *
 * @param retryAfter sent as {@code Retry-After} (whole seconds) when present
 */
public record OpenAiError(int status, String type, String code, String message, Optional<Duration> retryAfter) {
    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String AUTHENTICATION = "authentication_error";
    public static final String PERMISSION = "permission_error";
    public static final String NOT_FOUND = "not_found_error";
    public static final String RATE_LIMIT = "rate_limit_error";
    public static final String INSUFFICIENT_QUOTA = "insufficient_quota";
    public static final String TIMEOUT = "timeout_error";
    public static final String SERVER = "server_error";

    public static OpenAiError badRequest(String message) {
        return new OpenAiError(400, INVALID_REQUEST, "invalid_request", message, Optional.empty());
    }

    public static OpenAiError notFound(String code, String message) {
        return new OpenAiError(404, NOT_FOUND, code, message, Optional.empty());
    }

    public static OpenAiError tooLarge(long limit) {
        return new OpenAiError(413, INVALID_REQUEST, "request_too_large", "request body is larger than " + limit + " bytes", Optional.empty());
    }

    public ObjectNode body() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", code);
        return root;
    }
}
