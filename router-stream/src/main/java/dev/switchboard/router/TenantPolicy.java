package dev.switchboard.router;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import dev.switchboard.router.route.RoutingRules;

/**
 * What one tenant may use. {@code allowedModels} empty means every model the gateway serves.
 *
 * @param defaultModel   where {@code auto} and disallowed requests go
 * @param baselineModel  the model the tenant would use without Switchboard: savings are measured against it
 * @param fallbackModels tried in order when the routed model fails (used by the workers)
 * @param cacheTtl       how long a cache entry answers repeats, unless the request asks for less
 * @param semanticThreshold   cosine similarity at or above which a paraphrase shares an answer; 0 turns the
 *                            semantic cache off for the tenant
 * @param maxCacheTemperature requests sampled hotter than this want variety, not a stored answer: no cache
 * @param routing             how {@code auto} requests choose a model
 */
public record TenantPolicy(Set<String> allowedModels, String defaultModel, String baselineModel,
                           List<String> fallbackModels, Duration cacheTtl, double semanticThreshold, double maxCacheTemperature,
                           RoutingRules routing) {
    public static final double DEFAULT_MAX_CACHE_TEMPERATURE = 1.0;

    public TenantPolicy {
        allowedModels = Set.copyOf(Objects.requireNonNull(allowedModels, "allowedModels"));
        fallbackModels = List.copyOf(Objects.requireNonNull(fallbackModels, "fallbackModels"));
        requireText(defaultModel, "defaultModel");
        requireText(baselineModel, "baselineModel");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        routing = routing == null ? RoutingRules.staticRouting() : routing;
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must not be negative, got " + cacheTtl);
        }
        if (semanticThreshold < 0 || semanticThreshold > 1) {
            throw new IllegalArgumentException("semanticThreshold must be within [0, 1] (0 turns it off), got " + semanticThreshold);
        }
        if (maxCacheTemperature < 0) {
            throw new IllegalArgumentException("maxCacheTemperature must not be negative, got " + maxCacheTemperature);
        }
        if (!allowedModels.isEmpty() && !allowedModels.contains(defaultModel)) {
            throw new IllegalArgumentException("defaultModel " + defaultModel + " is not among allowedModels " + allowedModels);
        }
    }

    public boolean semanticCacheOn() {
        return semanticThreshold > 0;
    }

    /**
     * This policy within the models a virtual key allows (empty: all). The default model moves to an allowed one when
     * it is not; a key that allows none of the tenant's models is refused at admission, so this stays non-empty.
     */
    public TenantPolicy narrowedTo(Set<String> keyModels) {
        if (keyModels.isEmpty()) {
            return this;
        }
        Set<String> allowed = allowedModels.isEmpty() ? keyModels
                : allowedModels.stream().filter(keyModels::contains).collect(java.util.stream.Collectors.toUnmodifiableSet());
        if (allowed.isEmpty()) {
            return this;
        }
        String narrowedDefault = allowed.contains(defaultModel) ? defaultModel : allowed.stream().sorted().findFirst().orElseThrow();
        return new TenantPolicy(allowed, narrowedDefault, baselineModel, fallbackModels.stream().filter(allowed::contains).toList(),
                cacheTtl, semanticThreshold, maxCacheTemperature, routing);
    }

    public boolean allows(String model) {
        return allowedModels.isEmpty() || allowedModels.contains(model);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
    }
}
