package dev.switchboard.router.dedup;

import dev.switchboard.router.Reply;
import dev.switchboard.schemas.LlmResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The request ids a tenant sent within the dedup window, over the {@code dedup-store}. The dedup step begins entries
 * and queues repeats; the reply step, the only one that sees every terminal answer, completes them.
 */
public final class DedupLedger {
    /** Tenant and request id cannot contain a newline, so the pair has one encoding. */
    private static final char SEPARATOR = '\n';
    public static final String REPLAY_FLAG = "switchboard.replayed";

    private final KeyValueStore<String, DedupEntry> store;
    private final Duration window;

    public DedupLedger(KeyValueStore<String, DedupEntry> store, Duration window) {
        this.store = store;
        this.window = window;
    }

    /** The live entry for this request id, if it was seen within the window. */
    public Optional<DedupEntry> find(String tenant, String requestId, long nowMs) {
        DedupEntry entry = store.get(key(tenant, requestId));
        return entry == null || expired(entry, nowMs) ? Optional.empty() : Optional.of(entry);
    }

    public void begin(String tenant, String requestId, long nowMs) {
        store.put(key(tenant, requestId), DedupEntry.pending(nowMs));
    }

    public void addWaiter(String tenant, String requestId, DedupEntry entry, String replyTopic) {
        store.put(key(tenant, requestId), entry.withWaiter(replyTopic));
    }

    /** True when the request already has its terminal answer: a second one is not sent. */
    public boolean answered(String tenant, String requestId, long nowMs) {
        return find(tenant, requestId, nowMs).map(DedupEntry::answered).orElse(false);
    }

    /**
     * Records the first answer of a request and returns the replies owed to repeats that were waiting for it.
     * An answer for a request the ledger no longer holds (window passed) is not recorded.
     */
    public List<Reply> complete(String tenant, String requestId, LlmResponse answer, long nowMs) {
        String key = key(tenant, requestId);
        DedupEntry entry = store.get(key);
        if (entry == null || entry.answered() || expired(entry, nowMs)) {
            return List.of();
        }
        store.put(key, entry.withAnswer(answer));
        return entry.waitingReplyTopics().stream().map(topic -> Reply.replay(topic, replay(answer))).toList();
    }

    /** A repeat gets the first answer, marked so consumers can tell it from the original. */
    public static LlmResponse replay(LlmResponse answer) {
        Map<String, String> metadata = new HashMap<>(answer.getMetadata());
        metadata.put(REPLAY_FLAG, "true");
        return LlmResponse.newBuilder(answer).setMetadata(metadata).build();
    }

    /** Drops entries older than the window; run from a punctuation, so it scans the task's store. */
    public int purge(long nowMs) {
        int removed = 0;
        try (KeyValueIterator<String, DedupEntry> entries = store.all()) {
            while (entries.hasNext()) {
                KeyValue<String, DedupEntry> entry = entries.next();
                if (expired(entry.value, nowMs)) {
                    store.delete(entry.key);
                    removed++;
                }
            }
        }
        return removed;
    }

    private boolean expired(DedupEntry entry, long nowMs) {
        return nowMs - entry.firstSeenMs() >= window.toMillis();
    }

    static String key(String tenant, String requestId) {
        return tenant + SEPARATOR + requestId;
    }
}
