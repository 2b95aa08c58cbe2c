package dev.switchboard.router.governance;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps a global store equal to its compacted config topic (llm.keys or llm.policies): a tombstone deletes. */
public final class ConfigRecordProcessor<V> implements Processor<String, V, Void, Void> {
    private final String storeName;
    private final GovernanceListener listener;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, V> store;

    public ConfigRecordProcessor(String storeName, GovernanceListener listener) {
        this.storeName = storeName;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.key() != null) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
        context.recordMetadata().ifPresent(at -> listener.applied(at.topic(), at.partition(), at.offset()));
    }
}
