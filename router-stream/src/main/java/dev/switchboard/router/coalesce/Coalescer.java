package dev.switchboard.router.coalesce;

import dev.switchboard.router.AdmittedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The in-flight table over {@code inflight-store}: the first request for a cache key that misses the cache leads;
 * identical requests arriving before its answer wait behind it. Two concurrent identical requests never both call.
 * Plain: the processors of {@code router.coalesce} and the answer step call it.
 */
public final class Coalescer {
    public static final String STORE = "inflight-store";

    private final KeyValueStore<String, InFlight> store;
    private final Duration timeout;

    public Coalescer(KeyValueStore<String, InFlight> store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    /**
     * Whether a request waits behind a leader in flight, or goes on as a candidate to lead. {@code orphans} are the
     * waiters of a stale entry this request cleared: a leader that never answered must not strand them, so they go on.
     */
    public record Join(boolean waits, List<InFlight.Waiter> orphans) {
    }

    /**
     * A request with a live leader for its cache key waits behind it. Otherwise it goes on and leads from now on, before
     * its budget is held: identical requests arriving while it waits for its lease (a round trip to the ledger) wait for
     * it instead of calling too. If its budget then refuses it, {@link #abandon} hands them to the stranded check.
     */
    public Join join(String cacheKey, AdmittedRequest request, long nowMs) {
        InFlight current = store.get(cacheKey);
        if (current == null) {
            store.put(cacheKey, InFlight.led(request.request().getRequestId(), nowMs));
            return new Join(false, List.of());
        }
        if (stale(current, nowMs)) {
            store.put(cacheKey, InFlight.led(request.request().getRequestId(), nowMs));
            return new Join(false, current.waiters());
        }
        store.put(cacheKey, current.withWaiter(new InFlight.Waiter(request.request(), request.receivedAt())));
        return new Join(true, List.of());
    }

    /**
     * The request leaves for its provider: identical requests from now on wait for it, unless another already leads
     * (it does itself when it came through {@link #join}; a waiter routed on its own after a failure leads here).
     */
    public boolean lead(String cacheKey, String requestId, long nowMs) {
        if (store.get(cacheKey) != null) {
            return false;
        }
        store.put(cacheKey, InFlight.led(requestId, nowMs));
        return true;
    }

    /**
     * The leader was refused (its budget) and will never be answered by a provider: its entry is marked stale, so the
     * next identical request, or the frequent check for stranded waiters, sends the waiters on their own.
     */
    public void abandon(String cacheKey, String requestId) {
        InFlight current = store.get(cacheKey);
        if (current != null && current.leaderRequestId().equals(requestId)) {
            store.put(cacheKey, current.abandoned());
        }
    }

    /** The leader's answer arrived: its waiters, now owed an answer or a route of their own. */
    public List<InFlight.Waiter> release(String cacheKey, String answeredRequestId) {
        InFlight current = store.get(cacheKey);
        if (current == null || !current.leaderRequestId().equals(answeredRequestId)) {
            return List.of();
        }
        store.delete(cacheKey);
        return current.waiters();
    }

    /** Removes entries whose leader has been out longer than the timeout and returns their waiters. */
    public List<InFlight.Waiter> expire(long nowMs) {
        List<InFlight.Waiter> released = new ArrayList<>();
        try (KeyValueIterator<String, InFlight> entries = store.all()) {
            while (entries.hasNext()) {
                KeyValue<String, InFlight> entry = entries.next();
                if (stale(entry.value, nowMs)) {
                    store.delete(entry.key);
                    released.addAll(entry.value.waiters());
                }
            }
        }
        return released;
    }

    private boolean stale(InFlight entry, long nowMs) {
        return nowMs - entry.startedAtMs() >= timeout.toMillis();
    }
}
