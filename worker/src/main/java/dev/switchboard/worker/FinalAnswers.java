package dev.switchboard.worker;

import dev.switchboard.catalog.Cost;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.ErrorInfo;
import dev.switchboard.schemas.Latency;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.worker.provider.ProviderResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The terminal answers of a routed request (OK, FAILED, EXPIRED), each with its cache fill; a FAILED one with its dead letter. */
final class FinalAnswers {
    private final CallPricing pricing;

    FinalAnswers(CallPricing pricing) {
        this.pricing = pricing;
    }

    CallOutcome ok(RoutedRequest routed, ProviderResult.Success success, Instant callStart, Instant callEnd, List<UsageEvent> usage) {
        LlmRequest request = routed.getRequest();
        Usage tokens = CallPricing.tokens(success);
        Cost cost = success.usageReported() ? pricing.price(routed.getModel(), tokens, routed.getTier()) : new Cost(Money.ZERO, false);
        Cost baseline = routed.getBaselineModel() == null ? new Cost(Money.ZERO, false)
                : pricing.price(routed.getBaselineModel(), tokens, routed.getTier());
        Map<String, String> metadata = new HashMap<>(request.getMetadata());
        if (!success.usageReported()) {
            metadata.put(Answers.USAGE_MISSING_FLAG, "true");
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

    /** @param errors why each model of the chain failed, this one's last */
    CallOutcome failed(RoutedRequest routed, ProviderResult.Failure failure, List<String> errors, Instant callStart, Instant callEnd,
                       List<UsageEvent> usage, Instant now) {
        String message = errors.size() == 1 ? errors.get(0) : "every model failed: " + String.join(" | ", errors);
        LlmResponse response = base(routed, ResponseStatus.FAILED, failure, callStart, callEnd)
                .setError(new ErrorInfo(failure.kind().code(), message))
                .setCost(routed.getPriorCost())
                .setMetadata(new HashMap<>(routed.getRequest().getMetadata()))
                .build();
        return CallOutcome.answer(replyTopic(routed.getRequest()), response, usage, fill(routed, response), deadLetter(routed, failure, message, now));
    }

    CallOutcome expired(RoutedRequest routed, Instant now) {
        LlmResponse response = Responses.expired(routed.getRequest(), routed.getReceivedAt(), now);
        response.setRoute(routed.getRoute());
        return CallOutcome.answer(replyTopic(routed.getRequest()), response, List.of(), fill(routed, response), null);
    }

    private static LlmResponse.Builder base(RoutedRequest routed, ResponseStatus status, ProviderResult result, Instant callStart, Instant callEnd) {
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
