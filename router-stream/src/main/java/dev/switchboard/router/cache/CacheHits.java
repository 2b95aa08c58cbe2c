package dev.switchboard.router.cache;

import dev.switchboard.schemas.CacheFacts;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.Latency;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RouteFacts;
import dev.switchboard.schemas.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.HashMap;

/**
 * Turns an answer given to one request into the answer to another (an exact-cache hit, or a request that waited
 * for an identical one in flight): no tokens billed, the original cost saved, the source named.
 */
public final class CacheHits {
    private CacheHits() {
    }

    public static LlmResponse answer(LlmRequest request, Instant receivedAt, LlmResponse cached, CacheOutcome outcome, Double similarity, Instant now) {
        long total = Math.max(0, now.toEpochMilli() - receivedAt.toEpochMilli());
        return LlmResponse.newBuilder(cached)
                .setRequestId(request.getRequestId())
                .setTenant(request.getTenant())
                .setUsage(Responses.noUsage())
                .setCost(Money.ZERO)
                .setCache(new CacheFacts(outcome, similarity, cached.getRequestId(), cached.getCost()))
                .setRoute(new RouteFacts(request.getModel(), "cache", reason(outcome, cached),
                        request.getTier().name().toLowerCase(Locale.ROOT), 1, new ArrayList<>()))
                .setLatency(new Latency(0L, 0L, total))
                .setError(null)
                .setMetadata(new HashMap<>(request.getMetadata()))
                .setCompletedAt(now)
                .build();
    }

    /**
     * What the cost aggregator counts for an answer served from the cache: no call, no cost, the source's cost
     * saved. Its event id cannot collide with a provider call's ({@code request:attempt:model}).
     */
    public static UsageEvent usage(LlmRequest request, LlmResponse answer, LlmResponse source) {
        return UsageEvent.newBuilder()
                .setEventId(request.getRequestId() + ":cache")
                .setCallId(request.getRequestId() + ":cache")
                .setRequestId(request.getRequestId())
                .setTenant(request.getTenant())
                .setAttribution(request.getAttribution())
                .setModel(String.valueOf(source.getModel()))
                .setProvider("cache")
                .setTier(request.getTier())
                .setAttempt(0)
                .setSuccess(true)
                .setUsage(Responses.noUsage())
                .setCost(Money.ZERO)
                .setBaselineCost(source.getBaselineCost())
                .setPriceKnown(true)
                .setSimulated(source.getSimulated())
                .setOccurredAt(answer.getCompletedAt())
                .setCacheOutcome(answer.getCache().getOutcome().name())
                .setCostSaved(answer.getCache().getCostSaved())
                .build();
    }

    private static String reason(CacheOutcome outcome, LlmResponse source) {
        return switch (outcome) {
            case COALESCED -> "waited for identical request " + source.getRequestId() + " in flight";
            case SEMANTIC -> "semantic cache hit";
            default -> "exact cache hit";
        };
    }
}
