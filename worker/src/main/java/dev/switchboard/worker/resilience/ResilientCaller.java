package dev.switchboard.worker.resilience;

import dev.switchboard.worker.provider.ChatCall;
import dev.switchboard.worker.provider.ChatProvider;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Calls one model the way a careful client does: within its provider's request and token rate limits, inside a
 * bulkhead per provider, through a circuit breaker per provider and model, and with retries that back off and
 * honour {@code Retry-After}. Everything it learns comes back as the list of attempts; it never throws.
 */
public final class ResilientCaller {
    /** Marks a provider failure as an error for the circuit breaker, which counts throwables. */
    private static final class ProviderFailure extends RuntimeException {
        ProviderFailure(String message) {
            super(message, null, false, false);
        }
    }

    private final ResilienceConfig config;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Backoff backoff;
    private final RetryRegistry retries;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final RateLimiterRegistry limiters;

    public ResilientCaller(ResilienceConfig config, ScheduledExecutorService scheduler, Clock clock) {
        this.config = config;
        this.scheduler = scheduler;
        this.clock = clock;
        this.backoff = new Backoff(config);
        this.retries = RetryRegistry.of(RetryConfig.<ProviderResult>custom()
                .maxAttempts(config.maxAttempts())
                .retryOnResult(backoff::worthRetrying)
                .intervalBiFunction(backoff)
                .failAfterMaxAttempts(false)
                .build());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(config.circuitWindow())
                .minimumNumberOfCalls(config.circuitMinimumCalls())
                .failureRateThreshold(config.circuitFailureRate())
                .waitDurationInOpenState(config.circuitOpenFor())
                .permittedNumberOfCallsInHalfOpenState(Math.min(3, config.circuitMinimumCalls()))
                .build());
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(config.bulkheadPerProvider())
                .maxWaitDuration(Duration.ofMinutes(5))
                .build());
        this.limiters = RateLimiterRegistry.ofDefaults();
    }

    public RetryRegistry retries() {
        return retries;
    }

    public CircuitBreakerRegistry breakers() {
        return breakers;
    }

    /**
     * Waits (blocking the caller: this is the pool's backpressure) for the provider's rate limits and bulkhead, then
     * runs the call with retries. {@code estimatedTokens} is what the token limit is charged up front.
     */
    public CompletableFuture<CallResult> call(ChatProvider provider, String model, ChatCall call, int estimatedTokens) {
        awaitRateLimits(provider.name(), estimatedTokens);
        Bulkhead bulkhead = bulkheads.bulkhead(provider.name());
        bulkhead.acquirePermission();
        CircuitBreaker breaker = breakers.circuitBreaker(provider.name() + "/" + model);
        Retry retry = retries.retry(provider.name() + "/" + model);
        List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
        Supplier<CompletionStage<ProviderResult>> once = () -> attempt(provider, breaker, call, attempts);
        return Retry.decorateCompletionStage(retry, scheduler, once).get().toCompletableFuture()
                .handle((result, error) -> {
                    bulkhead.onComplete();
                    if (attempts.isEmpty()) {
                        attempts.add(new Attempt(failure(provider, FailureKind.BAD_RESPONSE, String.valueOf(error)), clock.instant(), clock.instant()));
                    }
                    return new CallResult(new ArrayList<>(attempts));
                });
    }

    private CompletionStage<ProviderResult> attempt(ChatProvider provider, CircuitBreaker breaker, ChatCall call, List<Attempt> attempts) {
        Instant start = clock.instant();
        if (!breaker.tryAcquirePermission()) {
            ProviderResult refused = failure(provider, FailureKind.CIRCUIT_OPEN,
                    "circuit open for " + breaker.getName() + " after repeated failures; not called");
            attempts.add(new Attempt(refused, start, start));
            return CompletableFuture.completedFuture(refused);
        }
        long startNanos = System.nanoTime();
        return provider.complete(call).thenApply(result -> {
            long took = System.nanoTime() - startNanos;
            if (result instanceof ProviderResult.Failure failure && failure.kind().countsAgainstCircuit()) {
                breaker.onError(took, TimeUnit.NANOSECONDS, new ProviderFailure(failure.message()));
            } else {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            }
            attempts.add(new Attempt(result, start, clock.instant()));
            return result;
        });
    }

    private void awaitRateLimits(String provider, int estimatedTokens) {
        ResilienceConfig.ProviderLimits limits = config.limits().get(provider);
        if (limits == null) {
            return;
        }
        if (limits.requestsPerMinute() > 0) {
            limiter(provider + "/rpm", limits.requestsPerMinute()).acquirePermission();
        }
        if (limits.tokensPerMinute() > 0) {
            limiter(provider + "/tpm", limits.tokensPerMinute()).acquirePermission(Math.min(estimatedTokens, limits.tokensPerMinute()));
        }
    }

    private RateLimiter limiter(String name, int perMinute) {
        return limiters.rateLimiter(name, RateLimiterConfig.custom()
                .limitForPeriod(perMinute)
                .limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ofMinutes(5))
                .build());
    }

    private static ProviderResult.Failure failure(ChatProvider provider, FailureKind kind, String message) {
        return new ProviderResult.Failure(provider.name(), false, kind, message, null, null);
    }

    /** The circuit state of a provider and model, for metrics and tests. */
    public Optional<CircuitBreaker.State> circuitState(String provider, String model) {
        return breakers.find(provider + "/" + model).map(CircuitBreaker::getState);
    }
}
