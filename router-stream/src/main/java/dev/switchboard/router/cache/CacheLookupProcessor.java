package dev.switchboard.router.cache;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.router.AdmittedRequest;
import dev.switchboard.router.Reply;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.cache.bound.CacheBoundGate;
import dev.switchboard.router.cache.semantic.SemanticIndex;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Answers a request without a provider when it safely can, in this order: an identical request answered OK within
 * its TTL (EXACT); a paraphrase of one, same scope, similar enough and agreeing on what decides the answer
 * (SEMANTIC). Otherwise it is tagged with its cache key and its question as the semantic index holds it, so its
 * answer fills every lane's cache, and goes on to coalescing (router.coalesce), where it waits behind an identical
 * request in flight or goes on to be routed. A semantic hit of a tenant with an error bound passes its
 * {@link CacheBoundGate} first (router.cache.bound).
 *
 * <p>Embedding is the expensive step, so it runs only after the exact cache missed and only for a question not
 * already held. With {@code embedBatch} above 1 such misses wait in {@link EmbeddingQueue} until it holds that many,
 * or for the next wall-clock punctuation ({@link #BATCH_WAIT}), and are embedded in one model call; then each is
 * looked up again in the order it came (an answer that arrived meanwhile may now make it an exact hit).
 */
public final class CacheLookupProcessor implements Processor<String, AdmittedRequest, String, Object> {
    public static final String STORE = "exact-cache-store";
    public static final String EMBED_QUEUE_STORE = EmbeddingQueue.STORE;
    public static final Serde<?> EMBED_QUEUE_SERDE = EmbeddingQueue.SERDE;
    /** How long a miss may wait for others to share its model call, at most (plus the stream thread's poll). */
    static final Duration BATCH_WAIT = Duration.ofMillis(5);
    /** Expired entries only take space: the full scans of the cache stores run rarely. */
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final Duration coalesceTimeout;
    private final Function<String, TenantPolicy> policies;
    private final Optional<Embedder> embedder;
    private final int embedBatch;
    private final CacheBoundGate bound;
    private final String nextChild;
    private final String replyChild;
    private final String usageChild;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, CachedAnswer> cache;
    private SemanticIndex semantic;
    private CacheGenerations generations;
    private EmbeddingQueue queue;
    /** The punctuation that embeds a part batch: scheduled only while misses wait (a punctuation forces a commit). */
    private Cancellable batchTimer;

    /**
     * @param coalesceTimeout how long a semantic entry may wait for its answer before the purge drops it
     * @param embedBatch      misses embedded in one model call (1: each as it comes, nothing waits)
     */
    public CacheLookupProcessor(Duration coalesceTimeout, Function<String, TenantPolicy> policies, Optional<Embedder> embedder, int embedBatch,
                               CacheBoundGate bound, String nextChild, String replyChild, String usageChild) {
        this.coalesceTimeout = coalesceTimeout;
        this.policies = policies;
        this.embedder = embedder;
        this.embedBatch = Math.max(1, embedBatch);
        this.bound = bound;
        this.nextChild = nextChild;
        this.replyChild = replyChild;
        this.usageChild = usageChild;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.cache = context.getStateStore(STORE);
        this.generations = new CacheGenerations(context.getStateStore(CacheGenerations.STORE));
        this.semantic = SemanticIndex.open(context, embedder).orElse(null);
        bound.init(context);
        if (semantic != null && embedBatch > 1) {
            this.queue = new EmbeddingQueue(context.getStateStore(EMBED_QUEUE_STORE));
            if (queue.size() > 0) {
                startBatchTimer();
            }
        }
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purge);
    }

    @Override
    public void process(Record<String, AdmittedRequest> record) {
        Optional<CacheKeys> keys = keysOf(record);
        if (queue != null && keys.filter(k -> needsEmbedding(record, k)).isPresent()) {
            int waiting = queue.add(record);
            if (waiting >= embedBatch) {
                embedWaiting();
            } else if (waiting == 1) {
                startBatchTimer();
            }
            return;
        }
        lookup(record, keys, Map.of());
    }

    private void startBatchTimer() {
        batchTimer = context.schedule(BATCH_WAIT, PunctuationType.WALL_CLOCK_TIME, now -> embedWaiting());
    }

    /** Embeds the waiting misses' questions in one call, then looks each up in the order it came. */
    private void embedWaiting() {
        if (batchTimer != null) {
            batchTimer.cancel();
            batchTimer = null;
        }
        if (queue.size() == 0) {
            return;
        }
        List<Record<String, AdmittedRequest>> waiting = queue.drain();
        // Keys are taken again here, once per record: an answer that arrived meanwhile may have made it an exact hit.
        List<Optional<CacheKeys>> keys = waiting.stream().map(this::keysOf).toList();
        Map<String, String> questions = new LinkedHashMap<>();
        for (int r = 0; r < waiting.size(); r++) {
            Record<String, AdmittedRequest> record = waiting.get(r);
            keys.get(r).filter(k -> needsEmbedding(record, k)).ifPresent(k -> questions.putIfAbsent(k.exact(), k.finalTurn()));
        }
        List<float[]> vectors = questions.isEmpty() ? List.of() : embedder.get().embedAll(List.copyOf(questions.values()));
        Map<String, float[]> embedded = new HashMap<>();
        int i = 0;
        for (String exactKey : questions.keySet()) {
            embedded.put(exactKey, vectors.get(i++));
        }
        for (int r = 0; r < waiting.size(); r++) {
            lookup(waiting.get(r), keys.get(r), embedded);
        }
    }

    private Optional<CacheKeys> keysOf(Record<String, AdmittedRequest> record) {
        LlmRequest request = record.value().request();
        return CacheKeys.of(request, policies.apply(request.getTenant()), generations.of(request));
    }

    /** A request that misses the exact cache and whose question the index does not hold: it needs embedding. */
    private boolean needsEmbedding(Record<String, AdmittedRequest> record, CacheKeys keys) {
        return semanticOn(policies.apply(record.value().request().getTenant()), keys)
                && !live(cache.get(keys.exact()))
                && semantic.vectorOf(keys.exact()).isEmpty();
    }

    /** @param embedded vectors already computed for this request's question, by exact key */
    private void lookup(Record<String, AdmittedRequest> record, Optional<CacheKeys> found, Map<String, float[]> embedded) {
        TenantPolicy policy = policies.apply(record.value().request().getTenant());
        if (found.isEmpty()) {
            context.forward(record.withValue(record.value()), nextChild);
            return;
        }
        CacheKeys keys = found.get();
        long now = context.currentSystemTimeMs();
        CachedAnswer cached = cache.get(keys.exact());
        if (live(cached)) {
            answerWith(record, cached.response(), CacheOutcome.EXACT, null);
            return;
        }
        if (!semanticOn(policy, keys)) {
            context.forward(record.withValue(record.value().missed(keys.exact(), null, null)), nextChild);
            return;
        }
        // Never embedded twice for one exact question: a pending or cached one holds its vector.
        float[] vector = semantic.vectorOf(keys.exact())
                .orElseGet(() -> embedded.containsKey(keys.exact()) ? embedded.get(keys.exact()) : embedder.get().embed(keys.finalTurn()));
        SemanticIndex.Question question = semantic.question(keys.finalTurn(), vector);
        Optional<AdmittedRequest> unanswered = semanticLookup(record, keys, question, policy, now);
        if (unanswered.isEmpty()) {
            return;
        }
        semantic.pending(keys.scope(), keys.exact(), question, now);
        context.forward(record.withValue(unanswered.get().missed(keys.exact(), vector, semantic.shared(keys.scope(), question))), nextChild);
    }

    private boolean live(CachedAnswer cached) {
        return cached != null && cached.liveAt(context.currentSystemTimeMs());
    }

    private boolean semanticOn(TenantPolicy policy, CacheKeys keys) {
        return semantic != null && policy.semanticCacheOn() && keys.finalTurn() != null;
    }

    /** Empty when answered from the cache; otherwise the request to route on (tagged when the tenant's bound compares its answer). */
    private Optional<AdmittedRequest> semanticLookup(Record<String, AdmittedRequest> record, CacheKeys keys, SemanticIndex.Question question,
                                                     TenantPolicy policy, long now) {
        Optional<SemanticIndex.Match> match = semantic.nearest(keys.scope(), question, policy.semanticThreshold(), now);
        CachedAnswer cached = match.isEmpty() ? null : cache.get(match.get().exactKey());
        if (cached == null || !cached.liveAt(now)) {
            return Optional.of(record.value());
        }
        CacheBoundGate.Decision decision = bound.decide(record, record.value().request(), match.get().exactKey(), match.get().score());
        decision.verificationCall().ifPresent(call ->
                context.forward(record.withValue((Object) new AdmittedRequest(call, record.value().receivedAt(), null)), nextChild));
        if (!decision.servesCached()) {
            return Optional.of(record.value().withRequest(decision.onward().orElseThrow()));
        }
        answerWith(record, cached.response(), CacheOutcome.SEMANTIC, match.get().similarity());
        return Optional.empty();
    }

    /** Answers a request with another request's OK answer (the reply step completes its dedup entry) and records the saving. */
    private void answerWith(Record<String, AdmittedRequest> record, LlmResponse source, CacheOutcome outcome, Double similarity) {
        LlmRequest r = record.value().request();
        LlmResponse answer = CacheHits.answer(r, record.value().receivedAt(), source, outcome, similarity, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.forward(record.withValue((Object) new Reply(record.value().replyTopic(), answer)), replyChild);
        context.forward(record.withValue((Object) CacheHits.usage(r, answer, source)), usageChild);
    }

    private void purge(long nowMs) {
        if (semantic != null) {
            semantic.purge(nowMs, coalesceTimeout.toMillis());
        }
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
