package dev.switchboard.worker;

import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.resilience.Attempt;
import dev.switchboard.worker.resilience.CallResult;
import dev.switchboard.worker.resilience.ResilientCaller;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * What the pool reports, per provider and model: calls and errors by class, retries, fallbacks, circuit state,
 * calls in flight, provider latency, tokens and cost. Cost is counted in nano-dollars, an integer, so the counter
 * stays exact up to 2^53 (9 million dollars); the money of record is in llm.usage.
 */
public final class WorkerMetrics {
    private static final BigDecimal NANOS_PER_DOLLAR = BigDecimal.valueOf(1_000_000_000L);
    private final MeterRegistry registry;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param capacity the pool and tier the limit belongs to, e.g. {@code default/interactive} */
    void trackInFlight(String capacity, Semaphore inFlight, int maxInFlight) {
        Gauge.builder("switchboard.worker.calls.in.flight", inFlight, permits -> maxInFlight - permits.availablePermits())
                .tag("capacity", capacity).register(registry);
        Gauge.builder("switchboard.worker.calls.in.flight.limit", () -> maxInFlight).tag("capacity", capacity).register(registry);
    }

    /** Circuit state per breaker: 0 closed, 1 open, 2 half open, 3 other. */
    public void bindCircuits(ResilientCaller caller) {
        caller.breakers().getEventPublisher().onEntryAdded(event -> {
            CircuitBreaker breaker = event.getAddedEntry();
            Gauge.builder("switchboard.provider.circuit.state", breaker, b -> switch (b.getState()) {
                        case CLOSED -> 0;
                        case OPEN -> 1;
                        case HALF_OPEN -> 2;
                        default -> 3;
                    }).tag("breaker", breaker.getName()).register(registry);
        });
        caller.retries().getEventPublisher().onEntryAdded(event -> event.getAddedEntry().getEventPublisher().onRetry(retry ->
                Counter.builder("switchboard.provider.retries").tag("breaker", retry.getName()).register(registry).increment()));
    }

    void attempts(String model, CallResult result) {
        for (Attempt attempt : result.attempts()) {
            ProviderResult r = attempt.result();
            String outcome = r instanceof ProviderResult.Failure f ? f.kind().code() : "ok";
            Counter.builder("switchboard.provider.calls").tag("provider", r.provider()).tag("model", model).tag("outcome", outcome)
                    .register(registry).increment();
            if (attempt.reachedProvider()) {
                Timer.builder("switchboard.provider.latency").tag("provider", r.provider()).tag("model", model)
                        .publishPercentileHistogram().register(registry)
                        .record(Duration.between(attempt.start(), attempt.end()));
            }
        }
    }

    void outcome(CallOutcome outcome) {
        if (!outcome.terminal()) {
            Counter.builder("switchboard.worker.fallbacks").tag("to", outcome.fallback().getModel()).register(registry).increment();
        } else {
            LlmResponse response = outcome.response();
            Counter.builder("switchboard.worker.answers")
                    .tag("model", String.valueOf(response.getModel()))
                    .tag("status", response.getStatus().name())
                    .tag("error", response.getError() == null ? "none" : response.getError().getCode())
                    .register(registry).increment();
        }
        for (UsageEvent usage : outcome.usage()) {
            Counter.builder("switchboard.worker.tokens").tag("model", usage.getModel()).tag("kind", "input").register(registry)
                    .increment(usage.getUsage().getInputTokens());
            Counter.builder("switchboard.worker.tokens").tag("model", usage.getModel()).tag("kind", "output").register(registry)
                    .increment(usage.getUsage().getOutputTokens());
            Counter.builder("switchboard.worker.cost.nanodollars").tag("model", usage.getModel()).register(registry)
                    .increment(usage.getCost().multiply(NANOS_PER_DOLLAR).longValue());
        }
    }
}
