package dev.switchboard.worker;

import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.worker.provider.ChatCall;
import dev.switchboard.worker.provider.Deployments;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Runs one routed request: EXPIRED without a call past its deadline, else one provider call (bounded by the
 * process-wide in-flight limit) turned into its outcome. Retries and fallbacks will wrap {@link #call} here.
 */
public final class CallHandler {
    private final Deployments deployments;
    private final Answers answers;
    private final Semaphore inFlight;
    private final Duration timeout;
    private final Clock clock;

    private final WorkerMetrics metrics;

    public CallHandler(Deployments deployments, Answers answers, int maxInFlight, Duration timeout, Clock clock, MeterRegistry registry) {
        this.deployments = deployments;
        this.answers = answers;
        this.inFlight = new Semaphore(maxInFlight);
        this.timeout = timeout;
        this.clock = clock;
        this.metrics = new WorkerMetrics(registry, inFlight, maxInFlight);
    }

    /** Blocks the polling thread only while the in-flight limit is reached: that is the pool's backpressure. */
    public CompletableFuture<CallOutcome> handle(RoutedRequest routed) throws InterruptedException {
        Instant now = clock.instant();
        if (routed.getRequest().getDeadline() != null && !routed.getRequest().getDeadline().isAfter(now)) {
            return CompletableFuture.completedFuture(counted(answers.expired(routed, now)));
        }
        inFlight.acquire();
        Instant start = clock.instant();
        return call(routed)
                .whenComplete((result, error) -> inFlight.release())
                .thenApply(result -> counted(answers.answered(routed, result, start, clock.instant())));
    }

    private CallOutcome counted(CallOutcome outcome) {
        metrics.answered(outcome.response());
        return outcome;
    }

    private CompletableFuture<ProviderResult> call(RoutedRequest routed) {
        return deployments.find(routed.getModel())
                .map(d -> d.provider().complete(new ChatCall(d.upstreamModel(), routed.getRequest().getMessages(),
                        routed.getRequest().getParams(), timeout)))
                .orElseGet(() -> CompletableFuture.completedFuture(new ProviderResult.Failure("none", false,
                        FailureKind.REJECTED_BY_PROVIDER, "no provider is deployed for model " + routed.getModel(), null, null)));
    }
}
