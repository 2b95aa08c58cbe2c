package dev.switchboard.router.cache;

import dev.switchboard.schemas.CacheInvalidation;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@code llm.cache-control} records: a tenant's namespace forgets every answer cached so far. */
public final class CacheInvalidationProcessor implements Processor<String, CacheInvalidation, Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(CacheInvalidationProcessor.class);
    private CacheGenerations generations;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.generations = new CacheGenerations(context.getStateStore(CacheGenerations.STORE));
    }

    @Override
    public void process(Record<String, CacheInvalidation> record) {
        CacheInvalidation invalidation = record.value();
        if (invalidation == null) {
            return;
        }
        long generation = generations.invalidate(invalidation.getTenant(), invalidation.getNamespace());
        LOG.info("cache of tenant {} namespace {} invalidated (generation {}): {}", invalidation.getTenant(),
                invalidation.getNamespace(), generation, invalidation.getReason());
    }
}
