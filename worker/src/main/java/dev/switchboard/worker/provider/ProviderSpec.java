package dev.switchboard.worker.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What a provider adapter is built from, whatever its API.
 *
 * @param apiKey     empty for an endpoint that needs none (a local OpenAI-compatible server)
 * @param apiVersion Azure OpenAI's api-version; null for its default, and ignored by the other APIs
 */
public record ProviderSpec(String name, ProviderType type, URI baseUri, Optional<Secret> apiKey, String apiVersion, Duration connectTimeout) {
    /** The adapter of this provider's type, as the {@link ProviderType} registry builds it. */
    public ChatProvider adapter() {
        return type.create(this);
    }

    /** The key of an API that refuses calls without one: its absence stops startup, naming the provider. */
    public Secret requiredKey() {
        return apiKey.orElseThrow(() -> new IllegalStateException("provider " + name + " (" + type.id()
                + ") needs a key: set apiKeyEnv or apiKeyFile"));
    }
}
