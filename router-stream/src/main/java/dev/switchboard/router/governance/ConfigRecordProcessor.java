package dev.switchboard.router.governance;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global store equal to its compacted config topic (llm.keys or llm.policies): a tombstone deletes. Values
 * arrive as bytes and are read here, so a record that is not a valid config (written by hand, or by another
 * schema) is logged and skipped, leaving the entry it would have replaced in force, instead of stopping the router.
 */
public final class ConfigRecordProcessor<V> implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigRecordProcessor.class);

    private final String storeName;
    private final Deserializer<V> values;
    private final GovernanceListener listener;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, V> store;

    public ConfigRecordProcessor(String storeName, Deserializer<V> values, GovernanceListener listener) {
        this.storeName = storeName;
        this.values = values;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(storeName);
        if (record.key() != null) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                apply(topic, record);
            }
        }
        context.recordMetadata().ifPresent(at -> listener.applied(at.topic(), at.partition(), at.offset()));
    }

    private void apply(String topic, Record<String, byte[]> record) {
        V value;
        try {
            value = values.deserialize(topic, record.value());
        } catch (RuntimeException e) {
            LOG.warn("skipped an unreadable record for '{}' on {} ({}); the entry in force is kept", record.key(), topic,
                    context.recordMetadata().map(at -> "partition " + at.partition() + ", offset " + at.offset()).orElse("position unknown"), e);
            return;
        }
        store.put(record.key(), value);
    }
}
