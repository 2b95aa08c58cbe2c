package dev.switchboard.router;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The router's settings, validated when built so a bad config fails at startup, not on the first request.
 *
 * @param servedModels   catalog ids some worker pool serves; route topics exist for exactly these
 * @param dedupWindow    how long a {@code request_id} is remembered per tenant
 * @param coalesceTimeout how long identical requests wait behind one in flight before they are routed on their own
 * @param maxPromptChars requests above this are rejected before they cost anything
 * @param tenants        per-tenant policies; tenants not listed get {@code defaultPolicy}
 * @param modelQuality   per model, a quality score in [0, 1] per task type (code, math, general), measured on the
 *                       tenant's evaluations: what the cost strategy compares with a tenant's quality bar
 */
public record RouterConfig(List<String> servedModels, Duration dedupWindow, Duration coalesceTimeout, int maxPromptChars,
                           TenantPolicy defaultPolicy, Map<String, TenantPolicy> tenants, Map<String, Map<String, Double>> modelQuality) {
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(24);
    public static final Duration DEFAULT_COALESCE_TIMEOUT = Duration.ofMinutes(2);
    public static final int DEFAULT_MAX_PROMPT_CHARS = 400_000;

    public RouterConfig {
        servedModels = List.copyOf(Objects.requireNonNull(servedModels, "servedModels"));
        tenants = Map.copyOf(Objects.requireNonNull(tenants, "tenants"));
        modelQuality = modelQuality == null ? Map.of() : Map.copyOf(modelQuality);
        Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        if (servedModels.isEmpty()) {
            throw new IllegalArgumentException("servedModels must name at least one model");
        }
        if (dedupWindow == null || dedupWindow.isNegative() || dedupWindow.isZero()) {
            throw new IllegalArgumentException("dedupWindow must be positive, got " + dedupWindow);
        }
        if (coalesceTimeout == null || coalesceTimeout.isNegative() || coalesceTimeout.isZero()) {
            throw new IllegalArgumentException("coalesceTimeout must be positive, got " + coalesceTimeout);
        }
        if (maxPromptChars <= 0) {
            throw new IllegalArgumentException("maxPromptChars must be positive, got " + maxPromptChars);
        }
        Set<String> served = new HashSet<>(servedModels);
        requireServed(served, defaultPolicy, "defaultPolicy");
        tenants.forEach((tenant, policy) -> requireServed(served, policy, "tenants." + tenant));
    }

    public boolean usesStrategy(dev.switchboard.router.route.RoutingRules.Strategy strategy) {
        return defaultPolicy.routing().strategy() == strategy || tenants.values().stream().anyMatch(p -> p.routing().strategy() == strategy);
    }

    public TenantPolicy policyOf(String tenant) {
        return tenants.getOrDefault(tenant, defaultPolicy);
    }

    public boolean serves(String model) {
        return servedModels.contains(model);
    }

    private static void requireServed(Set<String> served, TenantPolicy policy, String where) {
        if (!served.contains(policy.defaultModel())) {
            throw new IllegalArgumentException(where + ".defaultModel " + policy.defaultModel() + " is not a served model " + served);
        }
        for (String candidate : policy.routing().candidates()) {
            if (!served.contains(candidate)) {
                throw new IllegalArgumentException(where + ".routing.candidates names " + candidate + ", which is not a served model " + served);
            }
        }
        for (String fallback : policy.fallbackModels()) {
            if (!served.contains(fallback)) {
                throw new IllegalArgumentException(where + ".fallbackModels names " + fallback + ", which is not a served model " + served);
            }
        }
    }
}
