package dev.switchboard.cost;

import dev.switchboard.schemas.UsageEvent;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each provider call once: an event whose {@code call_id} was already seen at the same event time is an exact
 * duplicate (written twice) and is dropped before any window or budget sees it. A second real call after a crash has
 * its own call id and is counted, as the provider bills it. Events without a call id (written before call ids
 * existed) pass. Call ids are remembered for {@link #RETENTION} of event time, in a window store that drops them by
 * itself; llm.usage is keyed by tenant, so a call's duplicates reach the same task.
 *
 * <p>Store: {@value #STORE} (call id at event time).
 */
final class UsageDedupProcessor implements FixedKeyProcessor<String, UsageEvent, UsageEvent> {
    static final String NAME = "cost-usage-dedup";
    static final String STORE = "cost-usage-seen";
    static final Duration RETENTION = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(UsageDedupProcessor.class);

    private FixedKeyProcessorContext<String, UsageEvent> context;
    private WindowStore<String, Long> seen;

    static StoreBuilder<WindowStore<String, Long>> store() {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(STORE, RETENTION, Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long());
    }

    @Override
    public void init(FixedKeyProcessorContext<String, UsageEvent> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, UsageEvent> record) {
        String callId = record.value().getCallId();
        if (callId == null) {
            context.forward(record);
            return;
        }
        long at = record.timestamp();
        try (WindowStoreIterator<Long> earlier = seen.fetch(callId, at, at)) {
            if (earlier.hasNext()) {
                LOG.debug("dropped a duplicate usage event {} (call {})", record.value().getEventId(), callId);
                return;
            }
        }
        seen.put(callId, at, at);
        context.forward(record);
    }
}
