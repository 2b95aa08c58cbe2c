package dev.switchboard.worker.provider;

import java.time.Duration;

/** The outcome of one provider call. {@code simulated} is true when the simulated provider answered. */
public sealed interface ProviderResult {
    String provider();

    boolean simulated();

    /**
     * @param usageReported false when the provider sent no usage: tokens are then zero and the cost unknown
     */
    record Success(String provider, boolean simulated, String content, String finishReason, int promptTokens,
                   int completionTokens, int cachedPromptTokens, int reasoningTokens, boolean usageReported)
            implements ProviderResult {
    }

    /** @param retryAfter what the provider asked us to wait, or null */
    record Failure(String provider, boolean simulated, FailureKind kind, String message, Integer httpStatus,
                   Duration retryAfter) implements ProviderResult {
    }
}
