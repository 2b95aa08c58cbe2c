package dev.switchboard.worker;

import dev.switchboard.catalog.Cost;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.resilience.Attempt;
import dev.switchboard.worker.resilience.CallResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The usage events of a call: one per attempt that reached a provider, priced, for the cost aggregator. */
final class UsageEvents {
    private final CallPricing pricing;

    UsageEvents(CallPricing pricing) {
        this.pricing = pricing;
    }

    /** One event per call of {@code model} that reached a provider: failed ones bill nothing but are counted. */
    List<UsageEvent> of(RoutedRequest routed, String model, CallResult call) {
        List<UsageEvent> events = new ArrayList<>();
        int tryNumber = 0;
        for (Attempt attempt : call.attempts()) {
            tryNumber++;
            if (!attempt.reachedProvider()) {
                continue;
            }
            if (attempt.result() instanceof ProviderResult.Success success) {
                Usage tokens = CallPricing.tokens(success);
                Cost cost = success.usageReported() ? pricing.price(model, tokens, routed.getTier()) : new Cost(Money.ZERO, false);
                Cost baseline = routed.getBaselineModel() == null || !model.equals(routed.getModel()) ? new Cost(Money.ZERO, false)
                        : pricing.price(routed.getBaselineModel(), tokens, routed.getTier());
                BigDecimal batchSaved = success.usageReported() ? pricing.batchDiscount(model, tokens, routed.getTier(), cost) : Money.ZERO;
                events.add(event(routed, model, attempt.result(), tokens, cost, baseline, batchSaved, true, tryNumber, attempt.end()));
            } else {
                Cost nothing = new Cost(Money.ZERO, true);
                events.add(event(routed, model, attempt.result(), Responses.noUsage(), nothing, nothing, Money.ZERO, false, tryNumber,
                        attempt.end()));
            }
        }
        return events;
    }

    private static UsageEvent event(RoutedRequest routed, String model, ProviderResult result, Usage usage, Cost cost, Cost baseline,
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
}
