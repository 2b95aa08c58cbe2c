package dev.switchboard.cost;

import dev.switchboard.schemas.WindowedCost;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * <p>Per-tenant stores: a single-key fetch. Per-model stores are keyed tenant+model: a key-range fetch over
 * the tenant's prefix (see {@link TenantModelKey}), filtered again by tenant so a range quirk can never leak
 * another tenant's rows. A running app answers from its local partitions only: complete with one instance
 * (the launcher), partial when the application is scaled out.
 */
final class StoreCostWindows implements CostWindows {
    private static final Comparator<WindowedCost> ORDER = Comparator
            .comparing(WindowedCost::getWindowStart)
            .thenComparing(w -> w.getModel() == null ? "" : w.getModel());

    private final CostConfig config;
    private final Function<String, ReadOnlyWindowStore<String, WindowedCost>> stores;

    StoreCostWindows(CostConfig config, Function<String, ReadOnlyWindowStore<String, WindowedCost>> stores) {
        this.config = config;
        this.stores = stores;
    }

    @Override
    public List<WindowedCost> windows(String tenant, String size, boolean byModel, Instant from, Instant to) {
        Duration length = config.sizeOf(size);
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        ReadOnlyWindowStore<String, WindowedCost> store = stores.apply(CostStores.name(size, byModel));
        List<WindowedCost> result = new ArrayList<>();
        if (byModel) {
            try (KeyValueIterator<Windowed<String>, WindowedCost> it =
                         store.fetch(TenantModelKey.rangeFrom(tenant), TenantModelKey.rangeTo(tenant), from, to)) {
                while (it.hasNext()) {
                    KeyValue<Windowed<String>, WindowedCost> next = it.next();
                    if (TenantModelKey.tenantOf(next.key.key()).equals(tenant)) {
                        result.add(CostSum.withBounds(next.value, next.key.window()));
                    }
                }
            }
        } else {
            try (WindowStoreIterator<WindowedCost> it = store.fetch(tenant, from, to)) {
                while (it.hasNext()) {
                    KeyValue<Long, WindowedCost> next = it.next();
                    Instant start = Instant.ofEpochMilli(next.key);
                    result.add(CostSum.withBounds(next.value, start, start.plus(length)));
                }
            }
        }
        result.sort(ORDER);
        return result;
    }
}
