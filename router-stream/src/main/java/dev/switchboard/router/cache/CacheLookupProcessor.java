package dev.switchboard.router.cache;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.router.AdmittedRequest;
import dev.switchboard.router.Reply;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.cache.bound.CacheBoundGate;
import dev.switchboard.router.cache.semantic.LearnedVerifier;
import dev.switchboard.router.cache.semantic.SemanticIndex;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Answers a request without a provider when it safely can, in this order: an identical request answered OK within
 * its TTL (EXACT); a paraphrase of one, same scope, similar enough and agreeing on what decides the answer
 * (SEMANTIC). Otherwise it is tagged with its cache key, so its answer fills the cache, and goes on to coalescing
 * (router.coalesce), where it waits behind an identical request in flight or goes on to be routed. A semantic hit of a
 * tenant with an error bound passes its {@link CacheBoundGate} first (router.cache.bound).
 */
public final class CacheLookupProcessor implements Processor<String, AdmittedRequest, String, Object> {
    public static final String STORE = "exact-cache-store";
    /** Expired entries only take space: the full scans of the cache stores run rarely. */
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final Duration coalesceTimeout;
    private final Function<String, TenantPolicy> policies;
    private final Optional<Embedder> embedder;
    private final String nextChild;
    private final String replyChild;
    private final String usageChild;
    private final CacheBoundGate bound;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, CachedAnswer> cache;
    private SemanticIndex semantic;
    private CacheGenerations generations;

    /** @param coalesceTimeout how long a semantic entry may wait for its answer before the purge drops it */
    public CacheLookupProcessor(Duration coalesceTimeout, Function<String, TenantPolicy> policies,
                               Optional<Embedder> embedder, CacheBoundGate bound, String nextChild, String replyChild, String usageChild) {
        this.coalesceTimeout = coalesceTimeout;
        this.policies = policies;
        this.embedder = embedder;
        this.nextChild = nextChild;
        this.replyChild = replyChild;
        this.usageChild = usageChild;
        this.bound = bound;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.cache = context.getStateStore(STORE);
        this.generations = new CacheGenerations(context.getStateStore(CacheGenerations.STORE));
        this.semantic = embedder.map(e -> new SemanticIndex(context.getStateStore(SemanticIndex.BUCKETS_STORE),
                context.getStateStore(SemanticIndex.ENTRIES_STORE), e.dimensions(), LearnedVerifier.orGuardFor(e))).orElse(null);
        bound.init(context);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purge);
    }

    @Override
    public void process(Record<String, AdmittedRequest> record) {
        LlmRequest request = record.value().request();
        TenantPolicy policy = policies.apply(request.getTenant());
        Optional<CacheKeys> found = CacheKeys.of(request, policy, generations.of(request));
        if (found.isEmpty()) {
            context.forward(record.withValue(record.value()), nextChild);
            return;
        }
        CacheKeys keys = found.get();
        long now = context.currentSystemTimeMs();
        CachedAnswer cached = cache.get(keys.exact());
        if (cached != null && cached.liveAt(now)) {
            answerWith(record, cached.response(), CacheOutcome.EXACT, null);
            return;
        }
        // Embedding is the expensive step: only after the exact cache missed, and never twice for one exact question.
        float[] vector = semanticOn(policy, keys) ? semantic.vectorOf(keys.exact()).orElseGet(() -> embedder.get().embed(keys.finalTurn())) : null;
        SemanticIndex.Question question = vector == null ? null : semantic.question(keys.finalTurn(), vector);
        AdmittedRequest onward = record.value();
        if (question != null) {
            Optional<AdmittedRequest> unanswered = semanticLookup(record, keys, question, policy, now);
            if (unanswered.isEmpty()) {
                return;
            }
            onward = unanswered.get();
            semantic.pending(keys.scope(), keys.exact(), question, now);
        }
        context.forward(record.withValue(onward.withCacheKey(keys.exact()).withFinalTurnVector(vector)), nextChild);
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
