package dev.switchboard.schemas;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builders for the terminal answers every component writes. Each sets every field explicitly: Avro's builder
 * defaults for nested records and decimals are not reliable across versions, and a half-filled answer is a bug.
 */
public final class Responses {
    private Responses() {
    }

    /** An answer with neutral values everywhere; callers override what they know. */
    public static LlmResponse.Builder base(String requestId, String tenant, ResponseStatus status, Instant now) {
        return LlmResponse.newBuilder()
                .setRequestId(requestId)
                .setTenant(tenant)
                .setStatus(status)
                .setModel(null)
                .setProvider(null)
                .setContent(null)
                .setFinishReason(null)
                .setUsage(noUsage())
                .setCost(Money.ZERO)
                .setBaselineModel(null)
                .setBaselineCost(Money.ZERO)
                .setCache(cacheFacts(CacheOutcome.MISS))
                .setRoute(new RouteFacts(null, null, null, null, 1, new ArrayList<>()))
                .setLatency(new Latency(0L, 0L, 0L))
                .setError(null)
                .setSimulated(false)
                .setMetadata(new HashMap<>())
                .setCompletedAt(now);
    }

    /** A request the gateway will not run: unreadable, invalid, not allowed. */
    public static LlmResponse rejected(String requestId, String tenant, String code, String message,
                                       Map<String, String> metadata, Instant now) {
        return base(orUnknown(requestId), orUnknown(tenant), ResponseStatus.REJECTED, now)
                .setError(new ErrorInfo(code, message))
                .setMetadata(new HashMap<>(metadata))
                .build();
    }

    /** A request whose deadline passed before a provider could be called. */
    public static LlmResponse expired(LlmRequest request, Instant receivedAt, Instant now) {
        long waited = Math.max(0, now.toEpochMilli() - receivedAt.toEpochMilli());
        return base(request.getRequestId(), request.getTenant(), ResponseStatus.EXPIRED, now)
                .setError(new ErrorInfo("deadline_exceeded", "deadline " + request.getDeadline() + " passed before the request was run"))
                .setLatency(new Latency(waited, 0L, waited))
                .setMetadata(new HashMap<>(request.getMetadata()))
                .build();
    }

    public static Usage noUsage() {
        return new Usage(0, 0, 0, 0);
    }

    public static CacheFacts cacheFacts(CacheOutcome outcome) {
        return new CacheFacts(outcome, null, null, Money.ZERO);
    }

    public static List<String> listOf(String... items) {
        return new ArrayList<>(List.of(items));
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
