package dev.switchboard.router.cache;

import dev.switchboard.router.Reply;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.dedup.DedupLedger;
import dev.switchboard.router.dedup.DedupProcessor;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads the workers' terminal answers from {@code llm.cache-fill}: an OK answer with a cache key fills the exact
 * cache for its TTL, and every answer completes its dedup entry, releasing repeats that were waiting for it.
 */
public final class CacheFillProcessor implements Processor<String, CacheFill, String, Reply> {
    private final Duration dedupWindow;
    private final Function<String, TenantPolicy> policies;
    private ProcessorContext<String, Reply> context;
    private KeyValueStore<String, CachedAnswer> cache;
    private DedupLedger ledger;

    public CacheFillProcessor(Duration dedupWindow, Function<String, TenantPolicy> policies) {
        this.dedupWindow = dedupWindow;
        this.policies = policies;
    }

    @Override
    public void init(ProcessorContext<String, Reply> context) {
        this.context = context;
        this.cache = context.getStateStore(ExactCacheProcessor.STORE);
        this.ledger = new DedupLedger(context.getStateStore(DedupProcessor.STORE), dedupWindow);
    }

    @Override
    public void process(Record<String, CacheFill> record) {
        CacheFill fill = record.value();
        if (fill == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        LlmResponse answer = fill.getResponse();
        if (fill.getCacheKey() != null && answer.getStatus() == ResponseStatus.OK) {
            cache.put(fill.getCacheKey(), new CachedAnswer(now + ttl(fill).toMillis(), answer));
        }
        for (Reply waiting : ledger.complete(fill.getTenant(), fill.getRequestId(), answer, now)) {
            context.forward(new Record<>(fill.getTenant(), waiting, record.timestamp()));
        }
    }

    /** The request may ask for a shorter life than the tenant's policy, never a longer one. */
    private Duration ttl(CacheFill fill) {
        Duration policyTtl = policies.apply(fill.getTenant()).cacheTtl();
        if (fill.getTtlSeconds() == null) {
            return policyTtl;
        }
        Duration requested = Duration.ofSeconds(Math.max(0, fill.getTtlSeconds()));
        return requested.compareTo(policyTtl) < 0 ? requested : policyTtl;
    }
}
