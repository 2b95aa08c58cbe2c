package dev.switchboard.router.cache.bound;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.online.AnswerComparator;
import dev.switchboard.router.cache.CachedAnswer;
import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The answer side of a tenant's error bound: an OK answer on {@code llm.cache-fill} that carries a {@link VerifyTag} of
 * this lane is compared with the candidate's cached answer ({@link AnswerComparator}: equal JSON for structured
 * output, equal short answers, similar embeddings for prose), and the outcome goes to {@code llm.cache-verdicts}.
 * Nothing is reported when the candidate's answer is gone from the cache (expired or invalidated) or the call failed.
 */
public final class AnswerCheck {
    /** Prose answers at least this similar (bge-small-q cosine) count as the same answer. Not yet measured on answer pairs. */
    public static final double SAME_PROSE = 0.95;

    private final String lane;
    private final Optional<AnswerComparator> comparator;
    private final String verdictChild;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, CachedAnswer> cache;

    public AnswerCheck(String lane, Optional<Embedder> embedder, String verdictChild) {
        this.lane = lane;
        this.comparator = embedder.map(e -> new AnswerComparator(e, SAME_PROSE));
        this.verdictChild = verdictChild;
    }

    public void init(ProcessorContext<String, Object> context, KeyValueStore<String, CachedAnswer> cache) {
        this.context = context;
        this.cache = cache;
    }

    public void check(Record<String, CacheFill> record) {
        LlmResponse fresh = record.value().getResponse();
        Optional<VerifyTag> tag = VerifyTag.of(fresh.getMetadata());
        if (tag.isEmpty() || !tag.get().lane().equals(lane) || fresh.getStatus() != ResponseStatus.OK || comparator.isEmpty()) {
            return;
        }
        CachedAnswer cached = cache.get(tag.get().candidateKey());
        if (cached == null || fresh.getContent() == null || cached.response().getContent() == null) {
            return;
        }
        boolean same = comparator.get().same(fresh.getContent(), cached.response().getContent());
        String tenant = record.value().getTenant();
        context.forward(new Record<>(tenant, (Object) Verdict.outcome(tenant, tag.get().score(), same, tag.get().paid()), record.timestamp()),
                verdictChild);
    }
}
