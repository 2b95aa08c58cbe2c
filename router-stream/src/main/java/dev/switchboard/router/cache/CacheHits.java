package dev.switchboard.router.cache;

import dev.switchboard.schemas.CacheFacts;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.Latency;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RouteFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.HashMap;

/**
 * Turns an answer given to one request into the answer to another (an exact-cache hit, or a request that waited
 * for an identical one in flight): no tokens billed, the original cost saved, the source named.
 */
final class CacheHits {
    private CacheHits() {
    }

    static LlmResponse answer(LlmRequest request, Instant receivedAt, LlmResponse cached, CacheOutcome outcome, Instant now) {
        long total = Math.max(0, now.toEpochMilli() - receivedAt.toEpochMilli());
        return LlmResponse.newBuilder(cached)
                .setRequestId(request.getRequestId())
                .setTenant(request.getTenant())
                .setUsage(Responses.noUsage())
                .setCost(Money.ZERO)
                .setCache(new CacheFacts(outcome, null, cached.getRequestId(), cached.getCost()))
                .setRoute(new RouteFacts(request.getModel(), "cache", reason(outcome, cached),
                        request.getTier().name().toLowerCase(Locale.ROOT), 1, new ArrayList<>()))
                .setLatency(new Latency(0L, 0L, total))
                .setError(null)
                .setMetadata(new HashMap<>(request.getMetadata()))
                .setCompletedAt(now)
                .build();
    }

    private static String reason(CacheOutcome outcome, LlmResponse source) {
        return outcome == CacheOutcome.COALESCED
                ? "waited for identical request " + source.getRequestId() + " in flight"
                : "exact cache hit";
    }
}
