package dev.switchboard.cost.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Names and housekeeping of the budget stores, shared by the topology and the query side. */
public final class BudgetStores {
    /** Key-value: {@link SpendKey} → {@code SpendUpdate}, the running total of one scope in one period. */
    public static final String SPEND = "cost-spend";
    /** Key-value: {@link SpendKey#markKey} → the highest threshold percent already alerted. */
    public static final String ALERT_MARKS = "cost-budget-alert-marks";
    /** Global key-value: tenant (or "*") → {@code GovernancePolicy}, from llm.policies. */
    public static final String POLICIES = "cost-policies";

    /** Rows of periods that started longer ago are purged: every month ends well within it. */
    public static final Duration RETENTION = Duration.ofDays(40);
    /** How often, in stream time, the purge runs. */
    static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    private BudgetStores() {
    }

    public static List<String> names() {
        return List.of(SPEND, ALERT_MARKS, POLICIES);
    }

    /** Deletes the rows whose period started before {@code cutoff}; keys are collected first, then deleted. */
    static void purge(KeyValueStore<String, ?> store, Instant cutoff) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, ?> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, ?> next = it.next();
                if (SpendKey.periodStartOf(next.key).isBefore(cutoff)) {
                    old.add(next.key);
                }
            }
        }
        old.forEach(store::delete);
    }
}
