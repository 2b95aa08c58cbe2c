package dev.switchboard.router.cache;

import dev.switchboard.schemas.LlmRequest;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Invalidation by namespace without scanning the cache: each tenant's namespace has a generation number that is
 * part of every cache scope. Invalidating bumps it, so every older entry becomes unreachable at once; the TTL purge
 * reclaims their space later.
 */
public final class CacheGenerations {
    public static final String STORE = "cache-generations";

    private final KeyValueStore<String, Long> store;

    public CacheGenerations(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    public long of(LlmRequest request) {
        Long generation = store.get(key(request.getTenant(), request.getCache().getNamespace()));
        return generation == null ? 0 : generation;
    }

    public long invalidate(String tenant, String namespace) {
        String key = key(tenant, namespace);
        Long current = store.get(key);
        long next = (current == null ? 0 : current) + 1;
        store.put(key, next);
        return next;
    }

    /** Tenant and namespace cannot contain a newline; the default namespace is the empty string. */
    private static String key(String tenant, String namespace) {
        return tenant + "\n" + (namespace == null ? "" : namespace);
    }
}
