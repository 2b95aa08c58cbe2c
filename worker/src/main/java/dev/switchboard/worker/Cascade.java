package dev.switchboard.worker;

import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.RouteFacts;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.resilience.CallResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cascade: a cheap model's answer is checked ({@link AnswerCheck}, then the judge's {@link JudgeVerdict} when one
 * was asked), and an answer that fails goes to the stronger model. Every call is charged, so the cost so far travels
 * with the request and is added to the final answer.
 */
final class Cascade {
    /**
     * @param judged     the judge's call was made and counts (its usage events belong to the outcome)
     * @param escalation why the answer goes to the stronger model; empty: it is kept
     * @param judgeCost  what the judge's call cost, zero without one
     */
    record Verdict(boolean judged, Optional<String> escalation, BigDecimal judgeCost) {
    }

    private final CallPricing pricing;

    Cascade(CallPricing pricing) {
        this.pricing = pricing;
    }

    /** @param judgement the judge's call on an answer that passed the checks (empty: no judge was asked) */
    Verdict check(RoutedRequest routed, ProviderResult.Success success, Optional<CallResult> judgement) {
        Optional<String> failedCheck = routed.getEscalateTo() == null ? Optional.empty() : AnswerCheck.failure(routed.getRequest(), success);
        if (failedCheck.isPresent() || judgement.isEmpty()) {
            return new Verdict(false, failedCheck, Money.ZERO);
        }
        ProviderResult verdict = judgement.get().result();
        BigDecimal judgeCost = verdict instanceof ProviderResult.Success said
                ? pricing.callCost(routed.getJudgeModel(), said, routed.getTier()) : Money.ZERO;
        return new Verdict(true, JudgeVerdict.failure(routed.getJudgeModel(), verdict), judgeCost);
    }

    /** The request for the stronger model, charged with the cheap call and the judge's. */
    RoutedRequest escalate(RoutedRequest routed, ProviderResult.Success success, Verdict verdict) {
        String why = verdict.escalation().orElseThrow();
        BigDecimal cost = pricing.callCost(routed.getModel(), success, routed.getTier()).add(verdict.judgeCost());
        RouteFacts facts = routed.getRoute();
        List<String> tried = new ArrayList<>(facts.getModelsTried());
        tried.add(routed.getEscalateTo());
        List<String> errors = new ArrayList<>(routed.getAttemptErrors());
        errors.add(routed.getModel() + " answer failed the cascade check: " + why);
        RouteFacts nextFacts = new RouteFacts(facts.getRequestedModel(), facts.getStrategy() + "+cascade",
                facts.getReason() + "; escalated from " + routed.getModel() + " (" + why + ")", facts.getTier(), facts.getAttempt() + 1, tried);
        return RoutedRequest.newBuilder(routed)
                .setModel(routed.getEscalateTo())
                .setEscalateTo(null)
                .setRoute(nextFacts)
                .setAttemptErrors(errors)
                .setPriorCost(Money.of(routed.getPriorCost().add(cost)))
                .build();
    }

    /** A kept answer of a cascade with a judge carries the judge's cost into the answer's. */
    static RoutedRequest keep(RoutedRequest routed, Verdict verdict) {
        if (routed.getJudgeModel() == null) {
            return routed;
        }
        return RoutedRequest.newBuilder(routed).setPriorCost(Money.of(routed.getPriorCost().add(verdict.judgeCost()))).build();
    }
}
