package dev.switchboard.worker;

import dev.switchboard.catalog.Cost;
import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.ErrorInfo;
import dev.switchboard.schemas.Latency;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RouteFacts;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.resilience.Attempt;
import dev.switchboard.worker.resilience.CallResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.math.BigDecimal;

/** Builds the records a routed request's calls produce. Pure: prices come from the catalog, times are passed in. */
public final class Answers {
    public static final String USAGE_MISSING_FLAG = "switchboard.usage_missing";

    private final CostCalculator costs;

    public Answers(CostCalculator costs) {
        this.costs = costs;
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
        List<UsageEvent> usage = new ArrayList<>(usageEvents(routed, routed.getModel(), call));
        ProviderResult last = call.result();
        Instant start = call.attempts().get(0).start();
        if (last instanceof ProviderResult.Success success) {
            Optional<String> failedCheck = routed.getEscalateTo() == null ? Optional.empty() : AnswerCheck.failure(routed.getRequest(), success);
            BigDecimal judgeCost = Money.ZERO;
            if (failedCheck.isEmpty() && judgement.isPresent()) {
                usage.addAll(usageEvents(routed, routed.getJudgeModel(), judgement.get()));
                judgeCost = judgement.get().result() instanceof ProviderResult.Success verdict
                        ? price(routed.getJudgeModel(), tokens(verdict), routed.getTier()).amount() : Money.ZERO;
                failedCheck = JudgeVerdict.failure(routed.getJudgeModel(), judgement.get().result());
            }
            if (failedCheck.isPresent()) {
                return CallOutcome.fallOver(escalate(routed, failedCheck.get(), callCost(routed, success).add(judgeCost)), usage);
            }
            return ok(routed.getJudgeModel() == null ? routed : withPriorCost(routed, judgeCost), success, start, call.last().end(), usage);
        }
        ProviderResult.Failure failure = (ProviderResult.Failure) last;
        List<String> errors = new ArrayList<>(routed.getAttemptErrors());
        errors.add(routed.getModel() + " via " + failure.provider() + ": " + failure.kind().code() + ": " + failure.message()
                + (call.attempts().size() > 1 ? " (after " + call.attempts().size() + " tries)" : ""));
        if (failure.kind().fallsOver() && !routed.getFallbackModels().isEmpty()) {
            return CallOutcome.fallOver(next(routed, errors), usage);
        }
        return failed(routed, failure, errors, start, call.last().end(), usage, now);
    }

    public CallOutcome expired(RoutedRequest routed, Instant now) {
        LlmResponse response = Responses.expired(routed.getRequest(), routed.getReceivedAt(), now);
        response.setRoute(routed.getRoute());
        return CallOutcome.answer(replyTopic(routed.getRequest()), response, List.of(), fill(routed, response), null);
    }

    /**
     * Cascade: the cheap answer failed its check, so the stronger model answers; its call is charged too, so the cost
     * so far travels with the request and is added to the final answer.
     */
    private static RoutedRequest escalate(RoutedRequest routed, String why, BigDecimal cost) {
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

    private static RoutedRequest withPriorCost(RoutedRequest routed, BigDecimal extra) {
        return RoutedRequest.newBuilder(routed).setPriorCost(Money.of(routed.getPriorCost().add(extra))).build();
    }

    private BigDecimal callCost(RoutedRequest routed, ProviderResult.Success success) {
        return price(routed.getModel(), tokens(success), routed.getTier()).amount();
    }

    /** The request goes to the next model of its chain, carrying why the earlier ones failed. */
    private static RoutedRequest next(RoutedRequest routed, List<String> errors) {
        List<String> remaining = new ArrayList<>(routed.getFallbackModels());
        String nextModel = remaining.remove(0);
        RouteFacts facts = routed.getRoute();
        List<String> tried = new ArrayList<>(facts.getModelsTried());
        tried.add(nextModel);
        RouteFacts nextFacts = new RouteFacts(facts.getRequestedModel(), facts.getStrategy(),
                facts.getReason() + "; fell over from " + routed.getModel(), facts.getTier(), facts.getAttempt() + 1, tried);
        return RoutedRequest.newBuilder(routed)
                .setModel(nextModel)
                .setRoute(nextFacts)
                .setFallbackModels(remaining)
                .setAttemptErrors(errors)
                .build();
    }

    private CallOutcome ok(RoutedRequest routed, ProviderResult.Success success, Instant callStart, Instant callEnd, List<UsageEvent> usage) {
        LlmRequest request = routed.getRequest();
        Usage tokens = tokens(success);
        Cost cost = success.usageReported() ? price(routed.getModel(), tokens, routed.getTier()) : new Cost(Money.ZERO, false);
        Cost baseline = routed.getBaselineModel() == null ? new Cost(Money.ZERO, false) : price(routed.getBaselineModel(), tokens, routed.getTier());
        Map<String, String> metadata = new HashMap<>(request.getMetadata());
        if (!success.usageReported()) {
            metadata.put(USAGE_MISSING_FLAG, "true");
        }
        LlmResponse response = base(routed, ResponseStatus.OK, success, callStart, callEnd)
                .setContent(success.content())
                .setFinishReason(success.finishReason())
                .setUsage(tokens)
                .setCost(Money.of(cost.amount().add(routed.getPriorCost())))
                .setBaselineCost(baseline.amount())
                .setMetadata(metadata)
                .build();
        return CallOutcome.answer(replyTopic(request), response, usage, fill(routed, response), null);
    }

    private CallOutcome failed(RoutedRequest routed, ProviderResult.Failure failure, List<String> errors, Instant callStart, Instant callEnd,
                               List<UsageEvent> usage, Instant now) {
        String message = errors.size() == 1 ? errors.get(0) : "every model failed: " + String.join(" | ", errors);
        LlmResponse response = base(routed, ResponseStatus.FAILED, failure, callStart, callEnd)
                .setError(new ErrorInfo(failure.kind().code(), message))
                .setCost(routed.getPriorCost())
                .setMetadata(new HashMap<>(routed.getRequest().getMetadata()))
                .build();
        return CallOutcome.answer(replyTopic(routed.getRequest()), response, usage, fill(routed, response), deadLetter(routed, failure, message, now));
    }

    private LlmResponse.Builder base(RoutedRequest routed, ResponseStatus status, ProviderResult result, Instant callStart, Instant callEnd) {
        long received = routed.getReceivedAt().toEpochMilli();
        return Responses.base(routed.getRequest().getRequestId(), routed.getRequest().getTenant(), status, callEnd)
                .setModel(routed.getModel())
                .setProvider(result.provider())
                .setBaselineModel(routed.getBaselineModel())
                .setRoute(routed.getRoute())
                .setLatency(new Latency(Math.max(0, callStart.toEpochMilli() - received),
                        callEnd.toEpochMilli() - callStart.toEpochMilli(), Math.max(0, callEnd.toEpochMilli() - received)))
                .setSimulated(result.simulated());
    }

    /** One event per call of {@code model} that reached a provider: failed ones bill nothing but are counted. */
    private List<UsageEvent> usageEvents(RoutedRequest routed, String model, CallResult call) {
        List<UsageEvent> events = new ArrayList<>();
        int tryNumber = 0;
        for (Attempt attempt : call.attempts()) {
            tryNumber++;
            if (!attempt.reachedProvider()) {
                continue;
            }
            if (attempt.result() instanceof ProviderResult.Success success) {
                Usage tokens = tokens(success);
                Cost cost = success.usageReported() ? price(model, tokens, routed.getTier()) : new Cost(Money.ZERO, false);
                Cost baseline = routed.getBaselineModel() == null || !model.equals(routed.getModel()) ? new Cost(Money.ZERO, false)
                        : price(routed.getBaselineModel(), tokens, routed.getTier());
                BigDecimal batchSaved = success.usageReported() ? batchDiscount(model, tokens, routed.getTier(), cost) : Money.ZERO;
                events.add(usageEvent(routed, model, attempt.result(), tokens, cost, baseline, batchSaved, true, tryNumber, attempt.end()));
            } else {
                Cost nothing = new Cost(Money.ZERO, true);
                events.add(usageEvent(routed, model, attempt.result(), Responses.noUsage(), nothing, nothing, Money.ZERO, false, tryNumber,
                        attempt.end()));
            }
        }
        return events;
    }

    private static Usage tokens(ProviderResult.Success success) {
        return new Usage(success.promptTokens(), success.completionTokens(), success.cachedPromptTokens(), success.reasoningTokens());
    }

    /** The baseline is priced on the same token counts: what the tenant's usual model would have billed for them. */
    private Cost price(String model, Usage usage, Tier tier) {
        return costs.cost(model, usage.getInputTokens(), usage.getCachedInputTokens(), usage.getOutputTokens(), tier == Tier.BATCH);
    }

    /** A batch call's discount: the same tokens at the model's standard rates minus what the call cost. */
    private BigDecimal batchDiscount(String model, Usage usage, Tier tier, Cost cost) {
        if (tier != Tier.BATCH) {
            return Money.ZERO;
        }
        return Money.of(price(model, usage, Tier.STANDARD).amount().subtract(cost.amount()));
    }

    private static UsageEvent usageEvent(RoutedRequest routed, String model, ProviderResult result, Usage usage, Cost cost, Cost baseline,
                                         BigDecimal batchSaved, boolean success, int tryNumber, Instant at) {
        LlmRequest request = routed.getRequest();
        int attempt = routed.getRoute().getAttempt();
        String role = model.equals(routed.getModel()) ? "" : ":judge";
        String eventId = request.getRequestId() + ":" + attempt + ":" + model + role + (tryNumber > 1 ? "#" + tryNumber : "");
        return UsageEvent.newBuilder()
                .setEventId(eventId)
                // One event is built per attempt of a call, once: a call made again after a crash gets a new id.
                .setCallId(UUID.randomUUID().toString())
                .setRequestId(request.getRequestId())
                .setTenant(request.getTenant())
                .setAttribution(request.getAttribution())
                .setModel(model)
                .setProvider(result.provider())
                .setTier(routed.getTier())
                .setAttempt(attempt)
                .setSuccess(success)
                .setUsage(usage)
                .setCost(cost.amount())
                .setBaselineCost(baseline.amount())
                .setPriceKnown(cost.priceKnown())
                .setSimulated(result.simulated())
                .setOccurredAt(at)
                .setCacheOutcome(null)
                .setCostSaved(Money.ZERO)
                .setRequestedModel(request.getModel())
                .setBatchSaved(batchSaved)
                .build();
    }

    private static DeadLetter deadLetter(RoutedRequest routed, ProviderResult.Failure failure, String reason, Instant now) {
        LlmRequest request = routed.getRequest();
        return BoundedPayload.apply(DeadLetter.newBuilder(), request.toString().getBytes(StandardCharsets.UTF_8))
                .setReasonCode(failure.kind().code())
                .setReason(reason)
                .setComponent("worker")
                .setSourceTopic(Topics.route(routed.getModel(), routed.getTier()))
                .setSourcePartition(null)
                .setSourceOffset(null)
                .setRequestId(request.getRequestId())
                .setTenant(request.getTenant())
                .setOccurredAt(now)
                .build();
    }

    /**
     * Every terminal answer goes back to the router with its cache key: the router caches only OK answers, and
     * needs the key of a failed one too, to route the identical requests that were waiting for it.
     */
    private static CacheFill fill(RoutedRequest routed, LlmResponse response) {
        LlmRequest request = routed.getRequest();
        return new CacheFill(request.getTenant(), request.getRequestId(), routed.getCacheKey(), request.getCache().getTtlSeconds(), response,
                routed.getSemantic());
    }

    static String replyTopic(LlmRequest request) {
        return request.getReplyTo() == null ? Topics.RESPONSES : request.getReplyTo();
    }
}
