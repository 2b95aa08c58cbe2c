package dev.switchboard.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The front door's meters: every HTTP call timed by endpoint and status, calls open now, requests published and
 * unanswered, and answers that found their caller gone (disconnected or timed out) but were still counted.
 */
public final class GatewayMetrics {
    public static final String REQUESTS = "switchboard.gateway.requests";
    public static final String OPEN = "switchboard.gateway.open.calls";
    public static final String IN_FLIGHT = "switchboard.gateway.in.flight";
    public static final String UNDELIVERED = "switchboard.gateway.undelivered.answers";

    private final MeterRegistry registry;
    private final AtomicInteger open = new AtomicInteger();

    public GatewayMetrics(MeterRegistry registry, Supplier<Number> inFlight) {
        this.registry = registry;
        Gauge.builder(OPEN, open, AtomicInteger::get).description("HTTP calls being served").register(registry);
        Gauge.builder(IN_FLIGHT, inFlight).description("requests published to llm.requests and not yet answered").register(registry);
    }

    public long started() {
        open.incrementAndGet();
        return System.nanoTime();
    }

    public void finished(long startedNanos, String endpoint, int status) {
        open.decrementAndGet();
        Timer.builder(REQUESTS).tag("endpoint", endpoint).tag("status", String.valueOf(status))
                .publishPercentiles(0.5, 0.99).register(registry).record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    /** @param reason {@code disconnected} (the caller left) or {@code late} (it came after the caller's deadline) */
    public void undelivered(String reason) {
        Counter.builder(UNDELIVERED).tag("reason", reason).register(registry).increment();
    }
}
