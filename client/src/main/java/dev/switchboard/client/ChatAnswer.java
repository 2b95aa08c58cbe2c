package dev.switchboard.client;

import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import java.math.BigDecimal;
import java.util.Optional;

/** The terminal answer to a request: OK with content, or REJECTED, FAILED or EXPIRED with the reason. */
public record ChatAnswer(LlmResponse response) {
    public String requestId() {
        return response.getRequestId();
    }

    public ResponseStatus status() {
        return response.getStatus();
    }

    public boolean ok() {
        return response.getStatus() == ResponseStatus.OK;
    }

    public String content() {
        return response.getContent();
    }

    /** The catalog id of the model that answered. */
    public String model() {
        return response.getModel();
    }

    /** What this answer cost, in USD. */
    public BigDecimal cost() {
        return response.getCost();
    }

    public CacheOutcome cacheOutcome() {
        return response.getCache().getOutcome();
    }

    public Optional<String> errorCode() {
        return Optional.ofNullable(response.getError()).map(e -> e.getCode());
    }

    public Optional<String> errorMessage() {
        return Optional.ofNullable(response.getError()).map(e -> e.getMessage());
    }
}
