package dev.switchboard.router.cache;

import dev.switchboard.router.AdmittedRequest;
import dev.switchboard.router.Reply;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.cache.semantic.SemanticIndex;
import dev.switchboard.router.dedup.DedupLedger;
import dev.switchboard.router.dedup.DedupProcessor;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads the workers' terminal answers from {@code llm.cache-fill}. An OK answer fills the exact cache for its TTL
 * and answers the identical requests that waited for it (COALESCED); after a failure those waiters are routed on
 * their own instead. Every answer completes its dedup entry, releasing repeats of the same request id.
 */
public final class CacheFillProcessor implements Processor<String, CacheFill, String, Object> {
    private final Duration dedupWindow;
    private final Duration coalesceTimeout;
    private final Function<String, TenantPolicy> policies;
    private final String routeChild;
    private final String replyChild;
    private final String usageChild;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, CachedAnswer> cache;
    private DedupLedger ledger;
    private Coalescer inFlight;
    private SemanticIndex semantic;

    public CacheFillProcessor(Duration dedupWindow, Duration coalesceTimeout, Function<String, TenantPolicy> policies,
                              String routeChild, String replyChild, String usageChild) {
        this.usageChild = usageChild;
        this.dedupWindow = dedupWindow;
        this.coalesceTimeout = coalesceTimeout;
        this.policies = policies;
        this.routeChild = routeChild;
        this.replyChild = replyChild;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.cache = context.getStateStore(CacheLookupProcessor.STORE);
        this.ledger = new DedupLedger(context.getStateStore(DedupProcessor.STORE), dedupWindow);
        this.inFlight = new Coalescer(context.getStateStore(Coalescer.STORE), coalesceTimeout);
        // Dimensions only shape lookups, which this processor never makes.
        this.semantic = new SemanticIndex(context.getStateStore(SemanticIndex.BUCKETS_STORE), context.getStateStore(SemanticIndex.ENTRIES_STORE), 1);
    }

    @Override
    public void process(Record<String, CacheFill> record) {
        CacheFill fill = record.value();
        if (fill == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        LlmResponse answer = fill.getResponse();
        boolean ok = answer.getStatus() == ResponseStatus.OK;
        if (fill.getCacheKey() != null) {
            long expiresAt = now + ttl(fill).toMillis();
            if (ok) {
                cache.put(fill.getCacheKey(), new CachedAnswer(expiresAt, answer));
            }
            if (ok) {
                semantic.answered(fill.getCacheKey(), expiresAt);
            } else {
                semantic.remove(fill.getCacheKey());
            }
            for (InFlight.Waiter waiter : inFlight.release(fill.getCacheKey(), fill.getRequestId())) {
                AdmittedRequest request = new AdmittedRequest(waiter.request(), waiter.receivedAt(), fill.getCacheKey());
                if (ok) {
                    CacheLookupProcessor.answerWith(context, ledger, request, answer, CacheOutcome.COALESCED, null, replyChild, usageChild,
                            record.timestamp());
                } else {
                    context.forward(new Record<>(fill.getTenant(), (Object) request, record.timestamp()), routeChild);
                }
            }
        }
        for (Reply waiting : ledger.complete(fill.getTenant(), fill.getRequestId(), answer, now)) {
            context.forward(new Record<>(fill.getTenant(), (Object) waiting, record.timestamp()), replyChild);
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
