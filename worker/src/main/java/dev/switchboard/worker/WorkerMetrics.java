package dev.switchboard.worker;

import dev.switchboard.schemas.LlmResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/** What the pool reports: answers by model and status, provider latency by model, calls in flight. */
final class WorkerMetrics {
    private final MeterRegistry registry;

    WorkerMetrics(MeterRegistry registry, Semaphore inFlight, int maxInFlight) {
        this.registry = registry;
        registry.gauge("switchboard.worker.calls.in.flight", inFlight, permits -> maxInFlight - permits.availablePermits());
    }

    void answered(LlmResponse response) {
        Counter.builder("switchboard.worker.answers")
                .tag("model", String.valueOf(response.getModel()))
                .tag("status", response.getStatus().name())
                .tag("error", response.getError() == null ? "none" : response.getError().getCode())
                .register(registry).increment();
        if (response.getLatency().getProviderMs() > 0) {
            Timer.builder("switchboard.provider.latency").tag("model", String.valueOf(response.getModel()))
                    .publishPercentileHistogram().register(registry)
                    .record(Duration.ofMillis(response.getLatency().getProviderMs()));
        }
    }
}
