package dev.switchboard.cost.bound;

import dev.switchboard.schemas.CacheBoundState;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Each bounded tenant's semantic-cache error bound as the router's controller last published it on
 * {@code llm.cache-bounds} (global store {@value #STORE}): the cut, the verifications and the false hits among them.
 */
@FunctionalInterface
public interface CacheBoundView {
    String STORE = "cost-cache-bounds";
    CacheBoundView NONE = tenant -> Optional.empty();

    Optional<CacheBoundState> of(String tenant);

    /** Reads the global store afresh on each call (a running app's interactive query, or a test driver's store). */
    static CacheBoundView of(Supplier<ReadOnlyKeyValueStore<String, CacheBoundState>> store) {
        return tenant -> Optional.ofNullable(store.get().get(tenant));
    }
}
