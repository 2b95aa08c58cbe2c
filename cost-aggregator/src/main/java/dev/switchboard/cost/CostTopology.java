package dev.switchboard.cost;

import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.UsageEvent;
import dev.switchboard.schemas.WindowedCost;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
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
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Windowed cost per tenant and per tenant+model.
 *
 * <pre>
 * llm.usage (key tenant, UsageEvent; time = occurred_at)
 *   ├─ key by tenant        → repartition cost-by-tenant       → per size: store cost-tenant-{size}       → llm.cost.tenant
 *   └─ key by tenant+model  → repartition cost-by-tenant-model → per size: store cost-tenant-model-{size} → llm.cost.tenant-model
 * </pre>
 *
 * Tumbling windows with {@link CostConfig#grace()}: a call arriving after its window closed is dropped (and
 * counted by Streams' dropped-records metric) rather than reopening a window that was already reported.
 * Both outputs are keyed by tenant and carry {@link WindowedCost} with the window bounds; every update of a
 * window is emitted, coalesced per commit by the record cache (so a consumer takes the latest per window).
 * The tenant stream is repartitioned too although llm.usage is keyed by tenant: a producer that keys
 * differently then costs a hop, not wrong totals. Stores are RocksDB window stores with a changelog.
 */
public final class CostTopology {
    public static final String SOURCE = "cost-usage-source";
    public static final String BY_TENANT = "cost-by-tenant";
    public static final String BY_TENANT_MODEL = "cost-by-tenant-model";

    private CostTopology() {
    }

    public static Topology build(CostConfig config, SwitchboardSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> keys = Serdes.String();
        Serde<UsageEvent> usageSerde = serdes.usage();
        Serde<WindowedCost> costSerde = serdes.windowedCost();

        KStream<String, UsageEvent> usage = builder.stream(Topics.USAGE,
                Consumed.with(keys, usageSerde).withTimestampExtractor(new OccurredAtExtractor()).withName(SOURCE));

        KGroupedStream<String, UsageEvent> byTenant =
                regroup(usage, BY_TENANT, (k, v) -> v.getTenant(), keys, usageSerde);
        KGroupedStream<String, UsageEvent> byTenantModel =
                regroup(usage, BY_TENANT_MODEL, (k, v) -> TenantModelKey.of(v.getTenant(), v.getModel()), keys, usageSerde);

        for (Duration size : config.windowSizes()) {
            aggregate(byTenant, config, size, false, Topics.COST_BY_TENANT, keys, costSerde);
            aggregate(byTenantModel, config, size, true, Topics.COST_BY_TENANT_MODEL, keys, costSerde);
        }
        return builder.build();
    }

    /** Every store this topology creates, e.g. cost-tenant-1m, cost-tenant-model-1m, cost-tenant-1h... */
    public static List<String> storeNames(CostConfig config) {
        return CostStores.names(config);
    }

    private static KGroupedStream<String, UsageEvent> regroup(KStream<String, UsageEvent> usage, String name,
            BiFunction<String, UsageEvent, String> key, Serde<String> keys, Serde<UsageEvent> usageSerde) {
        return usage
                .selectKey(key::apply, Named.as(name + "-key"))
                .repartition(Repartitioned.with(keys, usageSerde).withName(name))
                .groupByKey(Grouped.with(name + "-grouped", keys, usageSerde));
    }

    private static void aggregate(KGroupedStream<String, UsageEvent> grouped, CostConfig config, Duration size,
            boolean byModel, String topic, Serde<String> keys, Serde<WindowedCost> costSerde) {
        String label = WindowLabel.of(size);
        String store = CostStores.name(label, byModel);
        grouped.windowedBy(TimeWindows.ofSizeAndGrace(size, config.grace()))
                .aggregate(
                        () -> CostSum.empty(label),
                        (key, event, sum) -> CostSum.add(sum, event, byModel),
                        Named.as(store + "-aggregate"),
                        Materialized.<String, WindowedCost, WindowStore<Bytes, byte[]>>as(store)
                                .withKeySerde(keys)
                                .withValueSerde(costSerde)
                                .withRetention(config.retention(size)))
                .toStream(Named.as(store + "-updates"))
                .map((window, sum) -> KeyValue.pair(sum.getTenant(), CostSum.withBounds(sum, window.window())),
                        Named.as(store + "-with-bounds"))
                .to(topic, Produced.with(keys, costSerde).withName(store + "-sink"));
    }
}
