package dev.switchboard.cost.budget;

import dev.switchboard.schemas.Budget;
import dev.switchboard.schemas.BudgetAlert;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.SpendUpdate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Raises a {@link BudgetAlert} (keyed by tenant, to llm.alerts) when a spend total reaches 50, 80 or 100 percent
 * of the hard or the soft limit of a budget that matches it (see {@link Policies#matches}).
 *
 * <p>Input: the {@link SpendProcessor}'s updates. Reads the global store {@link BudgetStores#POLICIES} (the
 * tenant's policy, else "*"). Store {@link BudgetStores#ALERT_MARKS} remembers, per spend row, budget and limit,
 * the highest threshold alerted, so each threshold is alerted once per period however often spend moves. Marks
 * are purged with the spend rows.
 */
public final class BudgetAlertProcessor implements Processor<String, SpendUpdate, String, BudgetAlert> {
    private ProcessorContext<String, BudgetAlert> context;
    private KeyValueStore<String, Integer> marks;
    private TimestampedKeyValueStore<String, GovernancePolicy> policies;

    public static ProcessorSupplier<String, SpendUpdate, String, BudgetAlert> supplier() {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, SpendUpdate, String, BudgetAlert> get() {
                return new BudgetAlertProcessor();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(BudgetStores.ALERT_MARKS), Serdes.String(), Serdes.Integer()));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, BudgetAlert> context) {
        this.context = context;
        this.marks = context.getStateStore(BudgetStores.ALERT_MARKS);
        this.policies = context.getStateStore(BudgetStores.POLICIES);
        context.schedule(BudgetStores.PURGE_INTERVAL, PunctuationType.STREAM_TIME, this::purge);
    }

    @Override
    public void process(Record<String, SpendUpdate> record) {
        SpendUpdate spend = record.value();
        GovernancePolicy policy = Policies.forTenant(spend.getTenant(), t -> ValueAndTimestamp.getValueOrNull(policies.get(t)));
        SpendKey key = SpendKey.of(spend);
        for (Budget budget : Policies.matching(policy, spend.getScope(), spend.getScopeId(), spend.getPeriod())) {
            for (LimitKind kind : LimitKind.values()) {
                BigDecimal limit = kind.limitOf(budget);
                if (limit == null) {
                    continue;
                }
                String mark = key.markKey(budget, kind, limit);
                Integer alerted = marks.get(mark);
                List<Integer> crossed = BudgetThresholds.newlyCrossed(spend.getSpent(), limit, alerted == null ? 0 : alerted);
                for (int percent : crossed) {
                    context.forward(record.withKey(spend.getTenant()).withValue(alert(spend, kind, limit, percent)));
                }
                if (!crossed.isEmpty()) {
                    marks.put(mark, crossed.get(crossed.size() - 1));
                }
            }
        }
    }

    private static BudgetAlert alert(SpendUpdate spend, LimitKind kind, BigDecimal limit, int percent) {
        return BudgetAlert.newBuilder()
                .setTenant(spend.getTenant())
                .setScope(spend.getScope())
                .setScopeId(spend.getScopeId())
                .setPeriod(spend.getPeriod())
                .setPeriodStart(spend.getPeriodStart())
                .setThresholdPercent(percent)
                .setLimitKind(kind.label())
                .setLimit(limit)
                .setSpent(spend.getSpent())
                .setRaisedAt(spend.getUpdatedAt())
                .build();
    }

    private void purge(long streamTime) {
        BudgetStores.purge(marks, Instant.ofEpochMilli(streamTime).minus(BudgetStores.RETENTION));
    }
}
