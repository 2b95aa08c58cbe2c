package dev.switchboard.router.governance;

import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.VirtualKey;
import java.util.ArrayList;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Read side of the live governance config: the global stores fed by {@code llm.keys} and {@code llm.policies}.
 * A tenant without a policy of its own takes the {@value #DEFAULTS} record; with neither, the tenant is open
 * (no key required, no budget, no limit), which is how a gateway without a governance file behaves.
 */
public final class Governance {
    public static final String KEYS_STORE = "governance-keys";
    public static final String POLICIES_STORE = "governance-policies";
    public static final String DEFAULTS = "*";

    private final KeyValueStore<String, VirtualKey> keys;
    private final KeyValueStore<String, GovernancePolicy> policies;

    private Governance(KeyValueStore<String, VirtualKey> keys, KeyValueStore<String, GovernancePolicy> policies) {
        this.keys = keys;
        this.policies = policies;
    }

    public static Governance of(ProcessingContext context) {
        return new Governance(context.getStateStore(KEYS_STORE), context.getStateStore(POLICIES_STORE));
    }

    public Optional<VirtualKey> keyBySha256(String sha256) {
        return Optional.ofNullable(keys.get(sha256));
    }

    public GovernancePolicy policyOf(String tenant) {
        GovernancePolicy own = policies.get(tenant);
        if (own != null) {
            return own;
        }
        GovernancePolicy defaults = policies.get(DEFAULTS);
        return defaults != null ? defaults : open(tenant);
    }

    public static GovernancePolicy open(String tenant) {
        return GovernancePolicy.newBuilder().setTenant(tenant).setRequireKey(false).setBudgets(new ArrayList<>())
                .setRateLimits(new ArrayList<>()).setDowngradeModel(null).setMaxTokensPerRequest(null).setMaxTokensPerSession(null)
                .build();
    }
}
