package dev.switchboard.router.cache;

import dev.switchboard.router.AdmittedRequest;
import dev.switchboard.router.Reply;
import dev.switchboard.router.dedup.DedupLedger;
import dev.switchboard.router.dedup.DedupProcessor;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Answers a request from the exact cache when an identical one was answered OK within its TTL. Otherwise, when an
 * identical request is already at a provider, parks this one behind it; else tags it with its cache key (so the
 * worker's answer fills the cache and releases the waiters) and passes it on to routing.
 */
public final class ExactCacheProcessor implements Processor<String, AdmittedRequest, String, Object> {
    public static final String STORE = "exact-cache-store";
    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(10);

    private final Duration dedupWindow;
    private final Duration coalesceTimeout;
    private final String nextChild;
    private final String replyChild;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, CachedAnswer> cache;
    private DedupLedger ledger;
    private Coalescer inFlight;

    public ExactCacheProcessor(Duration dedupWindow, Duration coalesceTimeout, String nextChild, String replyChild) {
        this.dedupWindow = dedupWindow;
        this.coalesceTimeout = coalesceTimeout;
        this.nextChild = nextChild;
        this.replyChild = replyChild;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.cache = context.getStateStore(STORE);
        this.ledger = new DedupLedger(context.getStateStore(DedupProcessor.STORE), dedupWindow);
        this.inFlight = new Coalescer(context.getStateStore(Coalescer.STORE), coalesceTimeout);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purge);
    }

    @Override
    public void process(Record<String, AdmittedRequest> record) {
        LlmRequest request = record.value().request();
        Optional<String> key = CacheKey.of(request);
        if (key.isEmpty()) {
            context.forward(record.withValue(record.value()), nextChild);
            return;
        }
        long now = context.currentSystemTimeMs();
        CachedAnswer cached = cache.get(key.get());
        if (cached != null && cached.liveAt(now)) {
            answer(record.value(), cached.response(), CacheOutcome.EXACT, record.timestamp());
            return;
        }
        Coalescer.Admission admission = inFlight.leadOrWait(key.get(), record.value(), now);
        routeOnTheirOwn(admission.orphans(), key.get(), record.timestamp());
        if (admission.leads()) {
            context.forward(record.withValue(record.value().withCacheKey(key.get())), nextChild);
        }
    }

    /** Answers a request with another request's OK answer, completing its dedup entry and releasing its repeats. */
    void answer(AdmittedRequest request, LlmResponse source, CacheOutcome outcome, long timestamp) {
        answerWith(context, ledger, request, source, outcome, replyChild, timestamp);
    }

    static void answerWith(ProcessorContext<String, Object> context, DedupLedger ledger, AdmittedRequest request, LlmResponse source,
                           CacheOutcome outcome, String replyChild, long timestamp) {
        long now = context.currentSystemTimeMs();
        LlmRequest r = request.request();
        LlmResponse answer = CacheHits.answer(r, request.receivedAt(), source, outcome, Instant.ofEpochMilli(now));
        context.forward(new Record<>(r.getTenant(), (Object) new Reply(request.replyTopic(), answer), timestamp), replyChild);
        for (Reply waiting : ledger.complete(r.getTenant(), r.getRequestId(), answer, now)) {
            context.forward(new Record<>(r.getTenant(), (Object) waiting, timestamp), replyChild);
        }
    }

    private void routeOnTheirOwn(List<InFlight.Waiter> waiters, String cacheKey, long timestamp) {
        for (InFlight.Waiter waiter : waiters) {
            AdmittedRequest request = new AdmittedRequest(waiter.request(), waiter.receivedAt(), cacheKey);
            context.forward(new Record<>(waiter.request().getTenant(), (Object) request, timestamp), nextChild);
        }
    }

    private void purge(long nowMs) {
        routeOnTheirOwn(inFlight.expire(nowMs), null, nowMs);
        try (KeyValueIterator<String, CachedAnswer> entries = cache.all()) {
            while (entries.hasNext()) {
                KeyValue<String, CachedAnswer> entry = entries.next();
                if (!entry.value.liveAt(nowMs)) {
                    cache.delete(entry.key);
                }
            }
        }
    }
}
