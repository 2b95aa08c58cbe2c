package dev.switchboard.worker.resilience;

import dev.switchboard.worker.provider.ProviderResult;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before retry n: exponential with "equal jitter" (half fixed, half random), so a burst of failures does
 * not retry in lockstep; never shorter than the provider's {@code Retry-After}.
 */
final class Backoff implements IntervalBiFunction<ProviderResult> {
    private final ResilienceConfig config;

    Backoff(ResilienceConfig config) {
        this.config = config;
    }

    @Override
    public Long apply(Integer attempt, Either<Throwable, ProviderResult> outcome) {
        long wait = exponential(attempt);
        if (outcome.isRight() && outcome.get() instanceof ProviderResult.Failure failure && failure.retryAfter() != null) {
            wait = Math.max(wait, failure.retryAfter().toMillis());
        }
        return wait;
    }

    long exponential(int attempt) {
        double base = config.initialBackoff().toMillis() * Math.pow(config.backoffMultiplier(), Math.max(0, attempt - 1));
        long capped = (long) Math.min(base, config.maxBackoff().toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    /** Retry a failure only when the model may recover soon enough: a long Retry-After means go elsewhere. */
    boolean worthRetrying(ProviderResult result) {
        if (!(result instanceof ProviderResult.Failure failure) || !failure.kind().retryable()) {
            return false;
        }
        Duration retryAfter = failure.retryAfter();
        return retryAfter == null || retryAfter.compareTo(config.maxRetryAfter()) <= 0;
    }
}
