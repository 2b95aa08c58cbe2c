package dev.switchboard.gateway.openai;

import dev.switchboard.router.governance.GovernanceCodes;
import dev.switchboard.router.intake.Rejection;
import dev.switchboard.schemas.ErrorInfo;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns a terminal answer that is not OK into the HTTP status and OpenAI error an SDK expects. Pure.
 *
 * <p>A hard budget that would be passed is <b>402</b> (type {@code insufficient_quota}), not 429: OpenAI's SDKs retry
 * 429 on their own, and a budget does not recover within a retry; 429 is kept for rate limits, which do, and always
 * carries {@code Retry-After}.
 */
public final class ErrorMapping {
    private final Duration rateLimitRetryAfter;

    /** @param rateLimitRetryAfter what to tell a rate-limited caller to wait: the router's windows are a sliding minute */
    public ErrorMapping(Duration rateLimitRetryAfter) {
        this.rateLimitRetryAfter = rateLimitRetryAfter;
    }

    public OpenAiError of(LlmResponse answer) {
        ErrorInfo error = answer.getError();
        String code = error == null ? "unknown" : error.getCode();
        String message = error == null ? "request ended " + answer.getStatus() + " without a reason" : error.getMessage();
        if (answer.getStatus() == ResponseStatus.EXPIRED) {
            return new OpenAiError(504, OpenAiError.TIMEOUT, code, message, Optional.empty());
        }
        if (answer.getStatus() == ResponseStatus.FAILED) {
            return new OpenAiError(502, OpenAiError.SERVER, code, message, Optional.empty());
        }
        return switch (code) {
            case GovernanceCodes.MISSING_KEY, GovernanceCodes.INVALID_KEY, GovernanceCodes.KEY_REVOKED, GovernanceCodes.KEY_EXPIRED ->
                    new OpenAiError(401, OpenAiError.AUTHENTICATION, code, message, Optional.empty());
            case GovernanceCodes.KEY_SCOPE, GovernanceCodes.KEY_TENANT_MISMATCH -> new OpenAiError(403, OpenAiError.PERMISSION, code, message, Optional.empty());
            case Rejection.UNKNOWN_MODEL, Rejection.MODEL_UNAVAILABLE ->
                    new OpenAiError(404, OpenAiError.NOT_FOUND, "model_not_found", message, Optional.empty());
            case GovernanceCodes.RATE_LIMITED -> new OpenAiError(429, OpenAiError.RATE_LIMIT, code, message, Optional.of(rateLimitRetryAfter));
            case GovernanceCodes.BUDGET_EXCEEDED, GovernanceCodes.SESSION_TOKEN_CAP ->
                    new OpenAiError(402, OpenAiError.INSUFFICIENT_QUOTA, code, message, Optional.empty());
            case GovernanceCodes.TOKEN_CAP, Rejection.PROMPT_TOO_LARGE ->
                    new OpenAiError(400, OpenAiError.INVALID_REQUEST, code, message, Optional.empty());
            default -> new OpenAiError(400, OpenAiError.INVALID_REQUEST, code, message, Optional.empty());
        };
    }

    /** No answer came before the caller's deadline; the answer is still awaited and counted when it comes. */
    public static OpenAiError deadline(String requestId) {
        return new OpenAiError(504, OpenAiError.TIMEOUT, "deadline_exceeded", "no answer to " + requestId + " before its deadline",
                Optional.empty());
    }

    /** Every slot for requests in flight is taken: the gateway is full, not the caller over a limit. */
    public static OpenAiError overloaded(String detail) {
        return new OpenAiError(503, OpenAiError.SERVER, "gateway_overloaded", detail, Optional.of(Duration.ofSeconds(1)));
    }
}
