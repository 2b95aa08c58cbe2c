package dev.switchboard.cost.budget;

import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.SpendUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the spend store with a prefix scan per tenant and period (see {@link SpendKey}), and the global policy
 * store. The stores are supplied on each call, so a running app asks interactive queries afresh (and gets the
 * current instance after a rebalance) and a test passes a {@code TopologyTestDriver}'s.
 */
public final class StoreSpendView implements SpendView {
    private final Supplier<ReadOnlyKeyValueStore<String, SpendUpdate>> spend;
    private final Supplier<ReadOnlyKeyValueStore<String, GovernancePolicy>> policies;

    public StoreSpendView(Supplier<ReadOnlyKeyValueStore<String, SpendUpdate>> spend,
            Supplier<ReadOnlyKeyValueStore<String, GovernancePolicy>> policies) {
        this.spend = spend;
        this.policies = policies;
    }

    @Override
    public List<SpendUpdate> spend(String tenant, BudgetPeriod period, Instant periodStart) {
        List<SpendUpdate> rows = new ArrayList<>();
        try (KeyValueIterator<String, SpendUpdate> it =
                     spend.get().prefixScan(SpendKey.prefix(tenant, period, periodStart), new StringSerializer())) {
            it.forEachRemaining(next -> rows.add(next.value));
        }
        return rows;
    }

    @Override
    public GovernancePolicy policy(String tenant) {
        ReadOnlyKeyValueStore<String, GovernancePolicy> store = policies.get();
        return Policies.forTenant(tenant, store::get);
    }
}
