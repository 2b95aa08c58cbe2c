package dev.switchboard.router;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one tenant may use. {@code allowedModels} empty means every model the gateway serves.
 *
 * @param defaultModel   where {@code auto} and disallowed requests go
 * @param baselineModel  the model the tenant would use without Switchboard: savings are measured against it
 * @param fallbackModels tried in order when the routed model fails (used by the workers)
 * @param cacheTtl       how long an exact-cache entry answers repeats, unless the request asks for less
 */
public record TenantPolicy(Set<String> allowedModels, String defaultModel, String baselineModel,
                           List<String> fallbackModels, Duration cacheTtl) {
    public TenantPolicy {
        allowedModels = Set.copyOf(Objects.requireNonNull(allowedModels, "allowedModels"));
        fallbackModels = List.copyOf(Objects.requireNonNull(fallbackModels, "fallbackModels"));
        requireText(defaultModel, "defaultModel");
        requireText(baselineModel, "baselineModel");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must not be negative, got " + cacheTtl);
        }
        if (!allowedModels.isEmpty() && !allowedModels.contains(defaultModel)) {
            throw new IllegalArgumentException("defaultModel " + defaultModel + " is not among allowedModels " + allowedModels);
        }
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
