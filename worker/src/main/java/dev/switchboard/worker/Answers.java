package dev.switchboard.worker;

import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.resilience.Attempt;
import dev.switchboard.worker.resilience.CallResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The worker's return path in one place: what a routed request's calls produce. A success passes the {@link Cascade}
 * or escalates; a failure hands over along the {@link FallbackChain} or ends in a FAILED answer; every call that
 * reached a provider is counted by {@link UsageEvents}. Pure: prices come from the catalog, times are passed in.
 */
public final class Answers {
    public static final String USAGE_MISSING_FLAG = "switchboard.usage_missing";

    private final UsageEvents usageEvents;
    private final Cascade cascade;
    private final FinalAnswers finalAnswers;

    public Answers(CostCalculator costs) {
        CallPricing pricing = new CallPricing(costs);
        this.usageEvents = new UsageEvents(pricing);
        this.cascade = new Cascade(pricing);
        this.finalAnswers = new FinalAnswers(pricing);
    }

    /** One call without retries, as the attempts list of a single try. */
    public CallOutcome answered(RoutedRequest routed, ProviderResult result, Instant callStart, Instant callEnd) {
        return answered(routed, new CallResult(List.of(new Attempt(result, callStart, callEnd))), callEnd);
    }

    public CallOutcome answered(RoutedRequest routed, CallResult call, Instant now) {
        return answered(routed, call, Optional.empty(), now);
    }

    /**
     * @param judgement the cascade judge's call on a cheap answer that passed the checks (empty: no judge); a verdict
     *                  that does not start with YES escalates, and the judge's call is charged either way
     */
    public CallOutcome answered(RoutedRequest routed, CallResult call, Optional<CallResult> judgement, Instant now) {
        List<UsageEvent> usage = new ArrayList<>(usageEvents.of(routed, routed.getModel(), call));
        Instant start = call.attempts().get(0).start();
        if (call.result() instanceof ProviderResult.Success success) {
            Cascade.Verdict verdict = cascade.check(routed, success, judgement);
            if (verdict.judged()) {
                usage.addAll(usageEvents.of(routed, routed.getJudgeModel(), judgement.orElseThrow()));
            }
            if (verdict.escalation().isPresent()) {
                return CallOutcome.fallOver(cascade.escalate(routed, success, verdict), usage);
            }
            return finalAnswers.ok(Cascade.keep(routed, verdict), success, start, call.last().end(), usage);
        }
        ProviderResult.Failure failure = (ProviderResult.Failure) call.result();
        List<String> errors = FallbackChain.errorsWith(routed, failure, call);
        if (FallbackChain.fallsOver(routed, failure)) {
            return CallOutcome.fallOver(FallbackChain.next(routed, errors), usage);
        }
        return finalAnswers.failed(routed, failure, errors, start, call.last().end(), usage, now);
    }

    public CallOutcome expired(RoutedRequest routed, Instant now) {
        return finalAnswers.expired(routed, now);
    }
}
