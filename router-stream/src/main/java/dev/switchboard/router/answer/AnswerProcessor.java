package dev.switchboard.router.answer;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.router.AdmittedRequest;
import dev.switchboard.router.Reply;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.budget.LeaseBook;
import dev.switchboard.router.cache.CacheHits;
import dev.switchboard.router.cache.bound.AnswerCheck;
import dev.switchboard.router.cache.CacheLookupProcessor;
import dev.switchboard.router.cache.CachedAnswer;
import dev.switchboard.router.cache.semantic.SemanticIndex;
import dev.switchboard.router.coalesce.Coalescer;
import dev.switchboard.router.coalesce.InFlight;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one way back for answers: each terminal answer on {@code llm.cache-fill} (every lane's, so every lane's cache
 * fills), in this order:
 * <ol>
 *   <li>compares a verification's fresh answer with the cached one it checks, for the tenant's error bound ({@link AnswerCheck});</li>
 *   <li>settles the request's budget reservation in this lane's lease with its real cost (other lanes' requests hold none here);</li>
 *   <li>fills the exact cache for its TTL when OK, and marks the semantic entry answered, or indexes the one the answer
 *       carries from another lane (or drops it after a failure);</li>
 *   <li>releases the identical requests that waited for it: answered COALESCED after an OK, routed on their own after a failure;</li>
 *   <li>hands the answer to the reply step as delivered, which completes its dedup entry and releases its repeats.</li>
 * </ol>
 * Stores: {@code budget-leases}, {@code budget-reservations}, {@code exact-cache-store}, the semantic stores,
 * {@code inflight-store}.
 */
public final class AnswerProcessor implements Processor<String, CacheFill, String, Object> {
    private final Duration coalesceTimeout;
    private final Function<String, TenantPolicy> policies;
    private final Optional<Embedder> embedder;
    private final String routeChild;
    private final String replyChild;
    private final String usageChild;
    private final AnswerCheck verification;
    private ProcessorContext<String, Object> context;
    private LeaseBook budgets;
    private KeyValueStore<String, CachedAnswer> cache;
    private Optional<SemanticIndex> semantic;
    private Coalescer coalescer;

    /** @param embedder the lane's sentence model: the semantic entries it indexes from answers must be of its vectors */
    public AnswerProcessor(Duration coalesceTimeout, Function<String, TenantPolicy> policies, Optional<Embedder> embedder, AnswerCheck verification,
                           String routeChild, String replyChild, String usageChild) {
        this.coalesceTimeout = coalesceTimeout;
        this.policies = policies;
        this.embedder = embedder;
        this.routeChild = routeChild;
        this.replyChild = replyChild;
        this.usageChild = usageChild;
        this.verification = verification;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.budgets = new LeaseBook(context.getStateStore(LeaseBook.LEASES_STORE), context.getStateStore(LeaseBook.RESERVATIONS_STORE));
        this.cache = context.getStateStore(CacheLookupProcessor.STORE);
        this.semantic = SemanticIndex.open(context, embedder);
        this.coalescer = new Coalescer(context.getStateStore(Coalescer.STORE), coalesceTimeout);
        verification.init(context, cache);
    }

    @Override
    public void process(Record<String, CacheFill> record) {
        CacheFill fill = record.value();
        if (fill == null) {
            return;
        }
        LlmResponse answer = fill.getResponse();
        verification.check(record);
        budgets.settle(fill.getTenant(), fill.getRequestId(), answer.getCost());
        if (fill.getCacheKey() != null) {
            fillCache(fill, answer);
            releaseWaiters(fill, answer, record.timestamp());
        }
        context.forward(new Record<>(fill.getTenant(), (Object) Reply.delivered(answer), record.timestamp()), replyChild);
    }

    private void fillCache(CacheFill fill, LlmResponse answer) {
        long expiresAt = context.currentSystemTimeMs() + ttl(fill).toMillis();
        if (answer.getStatus() == ResponseStatus.OK) {
            cache.put(fill.getCacheKey(), new CachedAnswer(expiresAt, answer));
            // Another lane's question too: every lane's paraphrases find it, without embedding it again.
            semantic.ifPresent(index -> index.answered(fill.getCacheKey(), expiresAt, fill.getSemantic(), context.currentSystemTimeMs()));
        } else {
            semantic.ifPresent(index -> index.remove(fill.getCacheKey()));
        }
    }

    private void releaseWaiters(CacheFill fill, LlmResponse answer, long timestamp) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        for (InFlight.Waiter waiter : coalescer.release(fill.getCacheKey(), fill.getRequestId())) {
            LlmRequest request = waiter.request();
            if (answer.getStatus() == ResponseStatus.OK) {
                LlmResponse coalesced = CacheHits.answer(request, waiter.receivedAt(), answer, CacheOutcome.COALESCED, null, now);
                context.forward(new Record<>(request.getTenant(), (Object) new Reply(Reply.topicFor(request), coalesced), timestamp), replyChild);
                context.forward(new Record<>(request.getTenant(), (Object) CacheHits.usage(request, coalesced, answer), timestamp), usageChild);
            } else {
                context.forward(new Record<>(request.getTenant(), (Object) new AdmittedRequest(request, waiter.receivedAt(), fill.getCacheKey()), timestamp),
                        routeChild);
            }
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
