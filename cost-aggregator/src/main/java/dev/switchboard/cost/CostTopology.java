package dev.switchboard.cost;

import dev.switchboard.cost.bound.CacheBoundView;
import dev.switchboard.schemas.CacheBoundState;
import dev.switchboard.cost.answers.AnswerStores;
import dev.switchboard.cost.answers.AnswerSum;
import dev.switchboard.cost.answers.AnswerTopics;
import dev.switchboard.cost.answers.CompletedAtExtractor;
import dev.switchboard.cost.answers.LatencyHistogram;
import dev.switchboard.cost.budget.BudgetAlertProcessor;
import dev.switchboard.cost.budget.BudgetStores;
import dev.switchboard.cost.budget.SpendProcessor;
import dev.switchboard.schemas.AnswerStats;
import dev.switchboard.schemas.BudgetAlert;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.SpendUpdate;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.VirtualKey;
import dev.switchboard.schemas.WindowedCost;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Windowed cost per tenant, model, team and feature; spend per budget period; budget alerts.
 *
 * <pre>
 * llm.usage (key tenant, UsageEvent; time = occurred_at) ─► cost-usage-dedup (store cost-usage-seen: exact duplicates dropped)
 *   ├─ key by tenant          → repartition cost-by-tenant         → per size: store cost-tenant-{size}         → llm.cost.tenant
 *   ├─ key by tenant+model    → repartition cost-by-tenant-model   → per size: store cost-tenant-model-{size}   → llm.cost.tenant-model
 *   ├─ key by tenant+team     → repartition cost-by-tenant-team    → per size: store cost-tenant-team-{size}
 *   ├─ key by tenant+feature  → repartition cost-by-tenant-feature → per size: store cost-tenant-feature-{size}
 *   └─ cost-spend-totals (store cost-spend) → llm.spend (key tenant, SpendUpdate)
 *        └─ cost-budget-alerts (store cost-budget-alert-marks; reads global store cost-policies) → llm.alerts (key tenant, BudgetAlert)
 * llm.policies (compacted, key tenant or "*") → global store cost-policies
 * llm.cache-bounds (compacted, key tenant) → global store cost-cache-bounds (the router's per-tenant cache error bound)
 * llm.responses and llm.replies.* (LlmResponse; time = completed_at)
 *   └─ key by tenant → repartition answers-by-tenant → per size: store answers-tenant-{size} (AnswerStats)
 * </pre>
 *
 * Tumbling windows with {@link CostConfig#grace()}: a call arriving after its window closed is dropped (and
 * counted by Streams' dropped-records metric) rather than reopening a window that was already reported.
 * Tenant and model windows go to their topics keyed by tenant, carrying {@link WindowedCost} with the window
 * bounds; every update of a window is emitted, coalesced per commit by the record cache (so a consumer takes the
 * latest per window). Team and feature windows stay in their stores for the query API. Each window branch is
 * repartitioned although llm.usage is keyed by tenant: a producer that keys differently then costs a hop, not
 * wrong totals. The spend branch is not repartitioned, because llm.spend must stay co-partitioned with the tenant
 * keyed topics the router reads. Stores are RocksDB stores with a changelog.
 *
 * <p>Answer windows count every terminal answer by status and error code and hold per tier a latency histogram
 * ({@link LatencyHistogram}) of queue and end-to-end latency, for the dashboard. They read the answer topics, not
 * llm.usage: a rejection or an expiry makes no provider call. Reply topics are matched by {@link AnswerTopics}.
 */
public final class CostTopology {
    public static final String SOURCE = "cost-usage-source";
    public static final String BY_TENANT = CostDimension.TENANT.repartition();
    public static final String BY_TENANT_MODEL = CostDimension.MODEL.repartition();
    /** Processor names of the budget branch (the stores are named in {@link BudgetStores}). */
    public static final String SPEND = "cost-spend-totals";
    public static final String ALERTS = "cost-budget-alerts";
    public static final String POLICIES = "cost-policies";
    public static final String CACHE_BOUNDS = "cost-cache-bounds-source";
    /** Global key-value: key SHA-256 → {@code VirtualKey}, from llm.keys: who may read the query API (see CostQueryServer). */
    public static final String KEYS = "cost-keys";
    /** Names of the answer branch: its source and its repartition by tenant. */
    public static final String ANSWERS_SOURCE = "answers-source";
    public static final String ANSWERS_BY_TENANT = "answers-by-tenant";

    private CostTopology() {
    }

    public static Topology build(CostConfig config, SwitchboardSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> keys = Serdes.String();
        Serde<UsageEvent> usageSerde = serdes.usage();
        Serde<WindowedCost> costSerde = serdes.windowedCost();
        Serde<SpendUpdate> spendSerde = serdes.spend();
        Serde<BudgetAlert> alertSerde = serdes.alerts();

        // An exact duplicate of an event (same call id) is dropped here, before windows and budgets count it.
        builder.addStateStore(UsageDedupProcessor.store());
        KStream<String, UsageEvent> usage = builder.stream(Topics.USAGE,
                        Consumed.with(keys, usageSerde).withTimestampExtractor(new OccurredAtExtractor()).withName(SOURCE))
                .processValues(UsageDedupProcessor::new, Named.as(UsageDedupProcessor.NAME), UsageDedupProcessor.STORE);

        // Windows: one repartition per dimension, one window store per dimension and size.
        for (CostDimension by : CostDimension.values()) {
            KGroupedStream<String, UsageEvent> grouped = regroup(usage, by, keys, usageSerde);
            for (Duration size : config.windowSizes()) {
                aggregate(grouped, config, size, by, keys, costSerde);
            }
        }

        // Budgets: policies in a global store (every task sees every tenant's and the "*" default), spend per scope
        // and period, and an alert when spend crosses a threshold of a matching budget.
        builder.globalTable(Topics.POLICIES,
                Consumed.with(keys, serdes.policies()).withName(POLICIES),
                Materialized.<String, GovernancePolicy, KeyValueStore<Bytes, byte[]>>as(BudgetStores.POLICIES)
                        .withKeySerde(keys)
                        .withValueSerde(serdes.policies()));
        // The semantic cache's error bound per tenant, as the router's controller publishes it (compacted).
        builder.globalTable(Topics.CACHE_BOUNDS,
                Consumed.with(keys, serdes.avro(CacheBoundState.class)).withName(CACHE_BOUNDS),
                Materialized.<String, CacheBoundState, KeyValueStore<Bytes, byte[]>>as(CacheBoundView.STORE)
                        .withKeySerde(keys)
                        .withValueSerde(serdes.avro(CacheBoundState.class)));
        // Keys in a global store too: the query API answers a virtual key with its own tenant's data only.
        builder.globalTable(Topics.KEYS,
                Consumed.with(keys, serdes.virtualKeys()).withName(KEYS),
                Materialized.<String, VirtualKey, KeyValueStore<Bytes, byte[]>>as(KEYS)
                        .withKeySerde(keys)
                        .withValueSerde(serdes.virtualKeys()));
        KStream<String, SpendUpdate> spend = usage.process(SpendProcessor.supplier(spendSerde), Named.as(SPEND));
        spend.to(Topics.SPEND, Produced.with(keys, spendSerde).withName(SPEND + "-sink"));
        spend.process(BudgetAlertProcessor.supplier(), Named.as(ALERTS))
                .to(Topics.ALERTS, Produced.with(keys, alertSerde).withName(ALERTS + "-sink"));

        // Answers: every terminal answer, windowed per tenant by status, error code and tier latency.
        answerWindows(builder, config, keys, serdes);

        return builder.build();
    }

    /** Every store this topology creates: the window stores (cost-tenant-1m, ...) and the budget stores. */
    public static List<String> storeNames(CostConfig config) {
        List<String> names = new ArrayList<>(CostStores.names(config));
        names.addAll(BudgetStores.names());
        names.add(UsageDedupProcessor.STORE);
        names.addAll(AnswerStores.names(config.labels()));
        return List.copyOf(names);
    }

    private static void answerWindows(StreamsBuilder builder, CostConfig config, Serde<String> keys, SwitchboardSerdes serdes) {
        Serde<LlmResponse> answerSerde = serdes.responses();
        KGroupedStream<String, LlmResponse> byTenant = builder
                .stream(AnswerTopics.PATTERN, Consumed.with(keys, answerSerde)
                        .withTimestampExtractor(new CompletedAtExtractor()).withName(ANSWERS_SOURCE))
                .filter((key, answer) -> answer != null, Named.as(ANSWERS_SOURCE + "-present"))
                .selectKey((key, answer) -> answer.getTenant(), Named.as(ANSWERS_BY_TENANT + "-key"))
                .repartition(Repartitioned.with(keys, answerSerde).withName(ANSWERS_BY_TENANT))
                .groupByKey(Grouped.with(ANSWERS_BY_TENANT + "-grouped", keys, answerSerde));
        for (Duration size : config.windowSizes()) {
            String label = WindowLabel.of(size);
            String store = AnswerStores.name(label);
            byTenant.windowedBy(TimeWindows.ofSizeAndGrace(size, config.grace()))
                    .aggregate(
                            () -> AnswerSum.empty(label),
                            (tenant, answer, sum) -> AnswerSum.add(sum, answer),
                            Named.as(store + "-aggregate"),
                            Materialized.<String, AnswerStats, WindowStore<Bytes, byte[]>>as(store)
                                    .withKeySerde(keys)
                                    .withValueSerde(serdes.answerStats())
                                    .withRetention(config.retention(size)));
        }
    }

    private static KGroupedStream<String, UsageEvent> regroup(KStream<String, UsageEvent> usage, CostDimension by,
            Serde<String> keys, Serde<UsageEvent> usageSerde) {
        String name = by.repartition();
        return usage
                .selectKey((key, event) -> by.key(event), Named.as(name + "-key"))
                .repartition(Repartitioned.with(keys, usageSerde).withName(name))
                .groupByKey(Grouped.with(name + "-grouped", keys, usageSerde));
    }

    private static void aggregate(KGroupedStream<String, UsageEvent> grouped, CostConfig config, Duration size,
            CostDimension by, Serde<String> keys, Serde<WindowedCost> costSerde) {
        String label = WindowLabel.of(size);
        String store = CostStores.name(label, by);
        KTable<Windowed<String>, WindowedCost> windows = grouped
                .windowedBy(TimeWindows.ofSizeAndGrace(size, config.grace()))
                .aggregate(
                        () -> CostSum.empty(label),
                        (key, event, sum) -> CostSum.add(sum, event, by),
                        Named.as(store + "-aggregate"),
                        Materialized.<String, WindowedCost, WindowStore<Bytes, byte[]>>as(store)
                                .withKeySerde(keys)
                                .withValueSerde(costSerde)
                                .withRetention(config.retention(size)));
        if (by.topic() != null) {
            windows.toStream(Named.as(store + "-updates"))
                    .map((window, sum) -> KeyValue.pair(sum.getTenant(), CostSum.withBounds(sum, window.window())),
                            Named.as(store + "-with-bounds"))
                    .to(by.topic(), Produced.with(keys, costSerde).withName(store + "-sink"));
        }
    }
}
