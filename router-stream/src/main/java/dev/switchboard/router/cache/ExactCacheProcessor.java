package dev.switchboard.router.cache;

import dev.switchboard.router.AdmittedRequest;
import dev.switchboard.router.Reply;
import dev.switchboard.router.dedup.DedupLedger;
import dev.switchboard.router.dedup.DedupProcessor;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Answers a request from the exact cache when an identical one was answered OK within its TTL; otherwise tags
 * the request with its cache key (so the worker's answer can fill the cache) and passes it on.
 */
public final class ExactCacheProcessor implements Processor<String, AdmittedRequest, String, Object> {
    public static final String STORE = "exact-cache-store";
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final Duration dedupWindow;
    private final String nextChild;
    private final String replyChild;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, CachedAnswer> cache;
    private DedupLedger ledger;

    public ExactCacheProcessor(Duration dedupWindow, String nextChild, String replyChild) {
        this.dedupWindow = dedupWindow;
        this.nextChild = nextChild;
        this.replyChild = replyChild;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.cache = context.getStateStore(STORE);
        this.ledger = new DedupLedger(context.getStateStore(DedupProcessor.STORE), dedupWindow);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeExpired);
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
        if (cached == null || !cached.liveAt(now)) {
            context.forward(record.withValue(record.value().withCacheKey(key.get())), nextChild);
            return;
        }
        LlmResponse answer = CacheHits.answer(request, record.value().receivedAt(), cached.response(), Instant.ofEpochMilli(now));
        context.forward(record.withValue(new Reply(record.value().replyTopic(), answer)), replyChild);
        for (Reply waiting : ledger.complete(request.getTenant(), request.getRequestId(), answer, now)) {
            context.forward(record.withValue(waiting), replyChild);
        }
    }

    private void purgeExpired(long nowMs) {
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
