package dev.switchboard.router.governance;

import dev.switchboard.schemas.VirtualKey;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The models each key may use, remembered by key id when the key is admitted so that routing, which sees only the
 * key id (the key itself is gone by then), keeps an {@code auto} request within them. Requests parked behind an
 * identical one and routed later find it here too.
 */
public final class KeyScopes {
    public static final String STORE = "key-scopes";
    private static final String SEPARATOR = "\n";

    private final KeyValueStore<String, String> scopes;

    public KeyScopes(KeyValueStore<String, String> scopes) {
        this.scopes = scopes;
    }

    public void remember(String tenant, VirtualKey key) {
        String id = Scopes.key(tenant, key.getKeyId());
        String models = String.join(SEPARATOR, key.getAllowedModels().stream().sorted().toList());
        String known = scopes.get(id);
        if (models.isEmpty() && known != null) {
            scopes.delete(id);
        } else if (!models.isEmpty() && !models.equals(known)) {
            scopes.put(id, models);
        }
    }

    /** Empty: the key allows every model the tenant may use (or there is no key). */
    public Set<String> allowedModels(String tenant, String keyId) {
        if (keyId == null) {
            return Set.of();
        }
        String models = scopes.get(Scopes.key(tenant, keyId));
        return models == null ? Set.of() : Arrays.stream(models.split(SEPARATOR)).collect(Collectors.toUnmodifiableSet());
    }
}
