package dev.switchboard.cost.budget;

import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetPeriods;
import dev.switchboard.schemas.SpendUpdate;
import dev.switchboard.schemas.UsageEvent;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds each call's exact cost to the spend of every scope it belongs to (tenant, team, project, key), for the
 * UTC day and month of {@code occurred_at}, and forwards each new total keyed by tenant (to llm.spend).
 *
 * <p>Input: llm.usage, keyed by tenant; the store is per partition, so a tenant's rows must arrive on one
 * partition, which the tenant key guarantees. Store {@link BudgetStores#SPEND} (RocksDB, changelogged). Calls
 * without cost (cache answers, unpriced models) change nothing and emit nothing. Rows of periods that started more
 * than {@link BudgetStores#RETENTION} before stream time are purged.
 */
public final class SpendProcessor implements Processor<String, UsageEvent, String, SpendUpdate> {
    private ProcessorContext<String, SpendUpdate> context;
    private KeyValueStore<String, SpendUpdate> store;

    public static ProcessorSupplier<String, UsageEvent, String, SpendUpdate> supplier(Serde<SpendUpdate> spendSerde) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, UsageEvent, String, SpendUpdate> get() {
                return new SpendProcessor();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(BudgetStores.SPEND), Serdes.String(), spendSerde));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, SpendUpdate> context) {
        this.context = context;
        this.store = context.getStateStore(BudgetStores.SPEND);
        context.schedule(BudgetStores.PURGE_INTERVAL, PunctuationType.STREAM_TIME, this::purge);
    }

    @Override
    public void process(Record<String, UsageEvent> record) {
        UsageEvent usage = record.value();
        if (usage == null || usage.getCost() == null || usage.getCost().signum() == 0) {
            return;
        }
        Instant at = usage.getOccurredAt() != null ? usage.getOccurredAt() : Instant.ofEpochMilli(record.timestamp());
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        for (Spend.ScopeId scope : Spend.scopes(usage)) {
            for (BudgetPeriod period : BudgetPeriod.values()) {
                SpendKey key = new SpendKey(usage.getTenant(), period, BudgetPeriods.start(period, at), scope.scope(), scope.id());
                String encoded = key.encode();
                SpendUpdate total = Spend.add(store.get(encoded), key, usage.getCost(), now);
                store.put(encoded, total);
                context.forward(record.withKey(usage.getTenant()).withValue(total));
            }
        }
    }

    private void purge(long streamTime) {
        BudgetStores.purge(store, Instant.ofEpochMilli(streamTime).minus(BudgetStores.RETENTION));
    }
}
