package dev.switchboard.router;

import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A processor supplier that names the stores its processors use ({@code ConnectedStoreProvider}), so the topology
 * connects each store to exactly the steps that own it. Steps sharing a store pass the same builder.
 */
final class StoreOwningSupplier<KIn, VIn, KOut, VOut> implements ProcessorSupplier<KIn, VIn, KOut, VOut> {
    private final Supplier<Processor<KIn, VIn, KOut, VOut>> processors;
    private final Set<StoreBuilder<?>> stores;

    private StoreOwningSupplier(Supplier<Processor<KIn, VIn, KOut, VOut>> processors, Set<StoreBuilder<?>> stores) {
        this.processors = processors;
        this.stores = stores;
    }

    static <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> owning(Supplier<Processor<KIn, VIn, KOut, VOut>> processors,
                                                                              StoreBuilder<?>... stores) {
        return new StoreOwningSupplier<>(processors, Set.of(stores));
    }

    @Override
    public Processor<KIn, VIn, KOut, VOut> get() {
        return processors.get();
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return stores;
    }
}
