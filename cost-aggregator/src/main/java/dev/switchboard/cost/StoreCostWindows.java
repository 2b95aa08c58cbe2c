package dev.switchboard.cost;

import dev.switchboard.schemas.WindowedCost;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads the aggregator's window stores. The store lookup is a function so the same code reads a running
 * app's stores (interactive queries) and a {@code TopologyTestDriver}'s.
 *
 * <p>Per-tenant stores: a single-key fetch. Per-model, per-team and per-feature stores are keyed tenant+value: a
 * key-range fetch over the tenant's prefix (see {@link TenantKey}), filtered again by tenant so a range quirk can
 * never leak another tenant's rows. A running app answers from its local partitions only: complete with one
 * instance (the launcher), partial when the application is scaled out.
 */
final class StoreCostWindows implements CostWindows {
    private final CostConfig config;
    private final Function<String, ReadOnlyWindowStore<String, WindowedCost>> stores;

    StoreCostWindows(CostConfig config, Function<String, ReadOnlyWindowStore<String, WindowedCost>> stores) {
        this.config = config;
        this.stores = stores;
    }

    @Override
    public CostConfig config() {
        return config;
    }

    @Override
    public List<WindowedCost> windows(String tenant, String size, CostDimension by, Instant from, Instant to) {
        Duration length = config.sizeOf(size);
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        ReadOnlyWindowStore<String, WindowedCost> store = stores.apply(CostStores.name(size, by));
        List<WindowedCost> result = new ArrayList<>();
        if (by == CostDimension.TENANT) {
            try (WindowStoreIterator<WindowedCost> it = store.fetch(tenant, from, to)) {
                while (it.hasNext()) {
                    KeyValue<Long, WindowedCost> next = it.next();
                    Instant start = Instant.ofEpochMilli(next.key);
                    result.add(CostSum.withBounds(next.value, start, start.plus(length)));
                }
            }
        } else {
            try (KeyValueIterator<Windowed<String>, WindowedCost> it =
                         store.fetch(TenantKey.rangeFrom(tenant), TenantKey.rangeTo(tenant), from, to)) {
                while (it.hasNext()) {
                    KeyValue<Windowed<String>, WindowedCost> next = it.next();
                    if (TenantKey.tenantOf(next.key.key()).equals(tenant)) {
                        result.add(CostSum.withBounds(next.value, next.key.window()));
                    }
                }
            }
        }
        result.sort(Comparator.comparing(WindowedCost::getWindowStart)
                .thenComparing(w -> by == CostDimension.TENANT ? "" : by.valueOf(w)));
        return result;
    }

    @Override
    public SortedSet<String> tenants(Instant from, Instant to) {
        Duration largest = config.largestSize();
        // A store fetch matches window starts; a window that started up to one size before from still overlaps it.
        Instant earliestStart = from.minus(largest).plusMillis(1);
        SortedSet<String> tenants = new TreeSet<>();
        try (KeyValueIterator<Windowed<String>, WindowedCost> it = stores.apply(CostStores.name(WindowLabel.of(largest),
                CostDimension.TENANT)).fetchAll(earliestStart.isBefore(Instant.EPOCH) ? Instant.EPOCH : earliestStart, to)) {
            it.forEachRemaining(next -> tenants.add(next.key.key()));
        }
        return tenants;
    }
}
