package dev.switchboard.router.cache;

import dev.switchboard.router.AdmittedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The in-flight table over {@code inflight-store}: the first request for a cache key leads and goes to a provider;
 * identical requests arriving before its answer wait behind it. Two concurrent identical requests never both call.
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
     * Whether a request leads (goes on to a provider) or now waits for the leader. {@code orphans} are the waiters of
     * a stale entry this request replaced: a leader that never answered must not strand them, so they are routed.
     */
    public record Admission(boolean leads, List<InFlight.Waiter> orphans) {
    }

    public Admission leadOrWait(String cacheKey, AdmittedRequest request, long nowMs) {
        InFlight current = store.get(cacheKey);
        if (current == null || stale(current, nowMs)) {
            store.put(cacheKey, InFlight.led(request.request().getRequestId(), nowMs));
            return new Admission(true, current == null ? List.of() : current.waiters());
        }
        store.put(cacheKey, current.withWaiter(new InFlight.Waiter(request.request(), request.receivedAt())));
        return new Admission(false, List.of());
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
