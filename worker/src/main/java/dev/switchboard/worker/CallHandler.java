package dev.switchboard.worker;

import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.worker.provider.ChatCall;
import dev.switchboard.worker.provider.Deployments;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.resilience.Attempt;
import dev.switchboard.worker.resilience.CallResult;
import dev.switchboard.worker.resilience.ResilientCaller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Runs one routed request: EXPIRED without a call past its deadline; else the model's provider through the
 * resilient caller (rate limits, bulkhead, circuit breaker, retries), bounded by this pool's in-flight limit. The
 * outcome is an answer or a hand-over to the next model of the fallback chain.
 */
public final class CallHandler {
    /** Output budgeted for the token rate limit when the request sets no max_tokens. */
    private static final int DEFAULT_OUTPUT_ESTIMATE = 512;

    private final Deployments deployments;
    private final Answers answers;
    private final ResilientCaller caller;
    private final Semaphore inFlight;
    private final Duration timeout;
    private final Clock clock;
    private final WorkerMetrics metrics;

    /** @param capacity names the pool and tier this handler's in-flight limit belongs to, for metrics */
    public CallHandler(String capacity, Deployments deployments, Answers answers, ResilientCaller caller, int maxInFlight, Duration timeout,
                       Clock clock, WorkerMetrics metrics) {
        this.deployments = deployments;
        this.answers = answers;
        this.caller = caller;
        this.inFlight = new Semaphore(maxInFlight);
        this.timeout = timeout;
        this.clock = clock;
        this.metrics = metrics;
        metrics.trackInFlight(capacity, inFlight, maxInFlight);
    }

    /** Blocks the polling thread only while a limit is reached: that is the pool's backpressure. */
    public CompletableFuture<CallOutcome> handle(RoutedRequest routed) throws InterruptedException {
        Instant now = clock.instant();
        if (routed.getRequest().getDeadline() != null && !routed.getRequest().getDeadline().isAfter(now)) {
            return CompletableFuture.completedFuture(counted(answers.expired(routed, now)));
        }
        Optional<Deployments.Deployment> deployment = deployments.find(routed.getModel());
        if (deployment.isEmpty()) {
            ProviderResult missing = new ProviderResult.Failure("none", false, FailureKind.REJECTED_BY_PROVIDER,
                    "no provider is deployed for model " + routed.getModel() + " in this worker", null, null);
            return CompletableFuture.completedFuture(counted(answers.answered(routed, new CallResult(List.of(new Attempt(missing, now, now))), now)));
        }
        inFlight.acquire();
        Deployments.Deployment d = deployment.get();
        ChatCall call = new ChatCall(d.upstreamModel(), routed.getRequest().getMessages(), routed.getRequest().getParams(), timeout);
        CompletableFuture<CallResult> result;
        try {
            result = caller.call(d.provider(), routed.getModel(), call, estimatedTokens(routed));
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
        return result.whenComplete((r, error) -> inFlight.release())
                .thenCompose(r -> {
                    metrics.attempts(routed.getModel(), r);
                    return judge(routed, r).thenApply(judgement -> counted(answers.answered(routed, r, judgement, clock.instant())));
                });
    }

    /** A cascade with a judge asks it about a cheap answer that passed the checks; anything else needs no judge. */
    private CompletableFuture<Optional<CallResult>> judge(RoutedRequest routed, CallResult call) {
        if (routed.getEscalateTo() == null || routed.getJudgeModel() == null || !(call.result() instanceof ProviderResult.Success success)
                || AnswerCheck.failure(routed.getRequest(), success).isPresent()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<Deployments.Deployment> judge = deployments.find(routed.getJudgeModel());
        if (judge.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        ChatCall question = JudgeVerdict.call(judge.get().upstreamModel(), routed.getRequest(), success.content(), timeout);
        return caller.call(judge.get().provider(), routed.getJudgeModel(), question, estimatedTokens(routed))
                .thenApply(verdict -> {
                    metrics.attempts(routed.getJudgeModel(), verdict);
                    return Optional.of(verdict);
                });
    }

    private CallOutcome counted(CallOutcome outcome) {
        metrics.outcome(outcome);
        return outcome;
    }

    private static int estimatedTokens(RoutedRequest routed) {
        long chars = 0;
        for (ChatMessage message : routed.getRequest().getMessages()) {
            chars += message.getContent().length();
        }
        Integer maxTokens = routed.getRequest().getParams().getMaxTokens();
        return (int) Math.min(Integer.MAX_VALUE, chars / 4 + (maxTokens != null ? maxTokens : DEFAULT_OUTPUT_ESTIMATE));
    }
}
