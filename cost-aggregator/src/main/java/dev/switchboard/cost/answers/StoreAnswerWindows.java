package dev.switchboard.cost.answers;

import dev.switchboard.schemas.AnswerStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads the answer window stores (keyed by tenant: one single-key fetch). The store lookup is a function so the same
 * code reads a running app's stores and a {@code TopologyTestDriver}'s; the size is checked by the caller.
 */
public final class StoreAnswerWindows implements AnswerWindows {
    private final Function<String, ReadOnlyWindowStore<String, AnswerStats>> stores;

    public StoreAnswerWindows(Function<String, ReadOnlyWindowStore<String, AnswerStats>> stores) {
        this.stores = stores;
    }

    @Override
    public List<AnswerWindow> windows(String tenant, String size, Instant from, Instant to) {
        List<AnswerWindow> result = new ArrayList<>();
        try (WindowStoreIterator<AnswerStats> it = stores.apply(AnswerStores.name(size)).fetch(tenant, from, to)) {
            while (it.hasNext()) {
                KeyValue<Long, AnswerStats> next = it.next();
                result.add(new AnswerWindow(Instant.ofEpochMilli(next.key), next.value));
            }
        }
        return result;
    }
}
