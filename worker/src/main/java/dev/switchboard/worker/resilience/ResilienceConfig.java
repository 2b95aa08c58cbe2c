package dev.switchboard.worker.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How hard the worker tries one model before it falls over to the next: retries with exponential backoff and
 * jitter that honour {@code Retry-After}, a circuit breaker per provider and model, a bulkhead per provider, and
 * request and token rate limits per provider key.
 *
 * @param maxAttempts        tries per model, the first included
 * @param maxRetryAfter      a provider asking for a longer wait than this is not retried; the request falls over
 * @param circuitFailureRate percentage of failed calls (in the last {@code circuitWindow}) that opens the circuit
 * @param bulkheadPerProvider calls in flight to one provider at most
 * @param limits             per provider name: requests and tokens per minute allowed by its key
 */
public record ResilienceConfig(int maxAttempts, Duration initialBackoff, double backoffMultiplier, Duration maxBackoff,
                               Duration maxRetryAfter, float circuitFailureRate, int circuitWindow, int circuitMinimumCalls,
                               Duration circuitOpenFor, int bulkheadPerProvider, Map<String, ProviderLimits> limits) {
    /** A provider key's allowance; 0 means unlimited. */
    public record ProviderLimits(int requestsPerMinute, int tokensPerMinute) {
        public ProviderLimits {
            if (requestsPerMinute < 0 || tokensPerMinute < 0) {
                throw new IllegalArgumentException("rate limits must not be negative");
            }
        }
    }

    public ResilienceConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        positive(initialBackoff, "initialBackoff");
        positive(maxBackoff, "maxBackoff");
        positive(maxRetryAfter, "maxRetryAfter");
        positive(circuitOpenFor, "circuitOpenFor");
        if (backoffMultiplier < 1) {
            throw new IllegalArgumentException("backoffMultiplier must be at least 1, got " + backoffMultiplier);
        }
        if (circuitFailureRate <= 0 || circuitFailureRate > 100) {
            throw new IllegalArgumentException("circuitFailureRate is a percentage in (0, 100], got " + circuitFailureRate);
        }
        if (circuitWindow < 1 || circuitMinimumCalls < 1 || bulkheadPerProvider < 1) {
            throw new IllegalArgumentException("circuitWindow, circuitMinimumCalls and bulkheadPerProvider must be positive");
        }
        limits = Map.copyOf(Objects.requireNonNull(limits, "limits"));
    }

    public static ResilienceConfig defaults() {
        return new ResilienceConfig(3, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), Duration.ofSeconds(30),
                50, 20, 10, Duration.ofSeconds(30), 512, Map.of());
    }

    public ResilienceConfig withBackoff(Duration initial, Duration max) {
        return new ResilienceConfig(maxAttempts, initial, backoffMultiplier, max, maxRetryAfter, circuitFailureRate, circuitWindow,
                circuitMinimumCalls, circuitOpenFor, bulkheadPerProvider, limits);
    }

    public ResilienceConfig withCircuit(int window, int minimumCalls, Duration openFor) {
        return new ResilienceConfig(maxAttempts, initialBackoff, backoffMultiplier, maxBackoff, maxRetryAfter, circuitFailureRate, window,
                minimumCalls, openFor, bulkheadPerProvider, limits);
    }

    public ResilienceConfig withLimits(Map<String, ProviderLimits> providerLimits) {
        return new ResilienceConfig(maxAttempts, initialBackoff, backoffMultiplier, maxBackoff, maxRetryAfter, circuitFailureRate, circuitWindow,
                circuitMinimumCalls, circuitOpenFor, bulkheadPerProvider, providerLimits);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
