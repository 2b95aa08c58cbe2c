package dev.switchboard.worker;

import dev.switchboard.catalog.Cost;
import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.ErrorInfo;
import dev.switchboard.schemas.Latency;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.worker.provider.ProviderResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Builds the records a provider call produces. Pure: prices come from the catalog, times are passed in. */
public final class Answers {
    public static final String USAGE_MISSING_FLAG = "switchboard.usage_missing";

    private final CostCalculator costs;

    public Answers(CostCalculator costs) {
        this.costs = costs;
    }

    public CallOutcome answered(RoutedRequest routed, ProviderResult result, Instant callStart, Instant callEnd) {
        return result instanceof ProviderResult.Success success
                ? ok(routed, success, callStart, callEnd)
                : failed(routed, (ProviderResult.Failure) result, callStart, callEnd);
    }

    public CallOutcome expired(RoutedRequest routed, Instant now) {
        LlmResponse response = Responses.expired(routed.getRequest(), routed.getReceivedAt(), now);
        response.setRoute(routed.getRoute());
        return new CallOutcome(replyTopic(routed.getRequest()), response, null, fill(routed, response));
    }

    private CallOutcome ok(RoutedRequest routed, ProviderResult.Success success, Instant callStart, Instant callEnd) {
        LlmRequest request = routed.getRequest();
        Usage usage = new Usage(success.promptTokens(), success.completionTokens(), success.cachedPromptTokens(), success.reasoningTokens());
        boolean batch = routed.getTier() == Tier.BATCH;
        Cost cost = success.usageReported() ? price(routed.getModel(), usage, batch) : new Cost(Money.ZERO, false);
        Cost baseline = routed.getBaselineModel() == null ? new Cost(Money.ZERO, false) : price(routed.getBaselineModel(), usage, batch);
        Map<String, String> metadata = new HashMap<>(request.getMetadata());
        if (!success.usageReported()) {
            metadata.put(USAGE_MISSING_FLAG, "true");
        }
        LlmResponse response = base(routed, ResponseStatus.OK, success, callStart, callEnd)
                .setContent(success.content())
                .setFinishReason(success.finishReason())
                .setUsage(usage)
                .setCost(cost.amount())
                .setBaselineCost(baseline.amount())
                .setMetadata(metadata)
                .build();
        UsageEvent event = usageEvent(routed, success, usage, cost, baseline, true, callEnd);
        return new CallOutcome(replyTopic(request), response, event, fill(routed, response));
    }

    private CallOutcome failed(RoutedRequest routed, ProviderResult.Failure failure, Instant callStart, Instant callEnd) {
        LlmResponse response = base(routed, ResponseStatus.FAILED, failure, callStart, callEnd)
                .setError(new ErrorInfo(failure.kind().code(), routed.getModel() + " via " + failure.provider() + ": " + failure.message()))
                .setMetadata(new HashMap<>(routed.getRequest().getMetadata()))
                .build();
        Cost nothing = new Cost(Money.ZERO, true);
        UsageEvent event = usageEvent(routed, failure, Responses.noUsage(), nothing, nothing, false, callEnd);
        return new CallOutcome(replyTopic(routed.getRequest()), response, event, fill(routed, response));
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

    /** The baseline is priced on the same token counts: what the tenant's usual model would have billed for them. */
    private Cost price(String model, Usage usage, boolean batch) {
        return costs.cost(model, usage.getInputTokens(), usage.getCachedInputTokens(), usage.getOutputTokens(), batch);
    }

    private static UsageEvent usageEvent(RoutedRequest routed, ProviderResult result, Usage usage, Cost cost, Cost baseline,
                                         boolean success, Instant at) {
        LlmRequest request = routed.getRequest();
        int attempt = routed.getRoute().getAttempt();
        return UsageEvent.newBuilder()
                .setEventId(request.getRequestId() + ":" + attempt + ":" + routed.getModel())
                .setRequestId(request.getRequestId())
                .setTenant(request.getTenant())
                .setAttribution(request.getAttribution())
                .setModel(routed.getModel())
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
                .build();
    }

    /**
     * Every terminal answer goes back to the router with its cache key: the router caches only OK answers, and
     * needs the key of a failed one too, to route the identical requests that were waiting for it.
     */
    private static CacheFill fill(RoutedRequest routed, LlmResponse response) {
        LlmRequest request = routed.getRequest();
        return new CacheFill(request.getTenant(), request.getRequestId(), routed.getCacheKey(),
                request.getCache().getTtlSeconds(), response);
    }

    static String replyTopic(LlmRequest request) {
        return request.getReplyTo() == null ? Topics.RESPONSES : request.getReplyTo();
    }
}
