package dev.switchboard.client.internal;

import dev.switchboard.client.ChatAnswer;
import dev.switchboard.client.ClientStats;
import dev.switchboard.client.DeadlineExceededException;
import dev.switchboard.schemas.LlmResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Requests sent and not yet answered, by request id, each holding one in-flight slot. A request whose deadline passes
 * fails its caller's future but keeps its slot and its entry for {@code lateWindow} more, so its answer is still
 * matched and counted when it comes: no request leaves unaccounted. Only after that window is it forgotten.
 */
public final class PendingRequests {
    /** What became of an answer read from the reply topic. */
    public enum Match { ANSWERED, LATE, UNKNOWN }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Object drained = new Object();
    private final Semaphore slots;
    private final int capacity;
    private final Clock clock;
    private final Duration lateWindow;
    private final Consumer<ChatAnswer> onLateAnswer;
    private final LongAdder answered = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder forgotten = new LongAdder();

    public PendingRequests(int capacity, Clock clock, Duration lateWindow, Consumer<ChatAnswer> onLateAnswer) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("maxInFlight must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.slots = new Semaphore(capacity);
        this.clock = clock;
        this.lateWindow = lateWindow;
        this.onLateAnswer = onLateAnswer;
    }

    /** Takes a slot, waiting at most {@code wait}; false when none freed up in time. */
    public boolean acquire(Duration wait) throws InterruptedException {
        return slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Registers a request that holds a slot (see {@link #acquire}). */
    public CompletableFuture<ChatAnswer> register(String requestId, Instant deadline) {
        Entry entry = new Entry(requestId, new CompletableFuture<>(), deadline.toEpochMilli());
        if (entries.putIfAbsent(requestId, entry) != null) {
            slots.release();
            throw new IllegalArgumentException("request id " + requestId + " is already in flight on this client");
        }
        return entry.future;
    }

    /** Releases a slot taken for a request that was never registered. */
    public void release() {
        slots.release();
    }

    /** Matches an answer to its request; the slot is freed whether the caller still waits or gave up. */
    public Match complete(LlmResponse response) {
        Entry entry = entries.remove(response.getRequestId());
        if (entry == null) {
            unknown.increment(); // a duplicate (workers write at least once) or an answer forgotten after the late window
            return Match.UNKNOWN;
        }
        released();
        ChatAnswer answer = new ChatAnswer(response);
        if (entry.timedOut) {
            late.increment();
            onLateAnswer.accept(answer);
            return Match.LATE;
        }
        answered.increment();
        entry.future.complete(answer);
        return Match.ANSWERED;
    }

    /** The send itself failed: the request never reached Kafka, so nothing will answer it. */
    public void failSend(String requestId, Throwable error) {
        Entry entry = entries.remove(requestId);
        if (entry != null) {
            released();
            entry.future.completeExceptionally(error);
        }
    }

    /** Fails callers whose deadline passed and forgets requests unanswered past the late window. */
    public void expire() {
        long now = clock.millis();
        for (Entry entry : entries.values()) {
            if (!entry.timedOut && now >= entry.deadlineMs) {
                entry.timedOut = true;
                timedOut.increment();
                entry.future.completeExceptionally(new DeadlineExceededException(entry.requestId,
                        "no answer to " + entry.requestId + " by its deadline " + Instant.ofEpochMilli(entry.deadlineMs)));
            }
            if (now >= entry.deadlineMs + lateWindow.toMillis() && entries.remove(entry.requestId, entry)) {
                forgotten.increment();
                released();
            }
        }
    }

    /** Ends every wait with the given error (the client is closing and draining is over). */
    public void failAll(RuntimeException error) {
        for (Entry entry : entries.values()) {
            if (entries.remove(entry.requestId, entry)) {
                released();
                entry.future.completeExceptionally(error);
            }
        }
    }

    /** Waits until nothing is in flight or the timeout passes; true when drained. */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (drained) {
            while (!entries.isEmpty()) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(drained, left);
            }
            return true;
        }
    }

    /** Every removal frees a slot and may end a drain. */
    private void released() {
        slots.release();
        if (entries.isEmpty()) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    public int inFlight() {
        return entries.size();
    }

    public int capacity() {
        return capacity;
    }

    public ClientStats stats() {
        return new ClientStats(entries.size(), answered.sum(), late.sum(), timedOut.sum(), forgotten.sum(), unknown.sum());
    }

    private static final class Entry {
        final String requestId;
        final CompletableFuture<ChatAnswer> future;
        final long deadlineMs;
        volatile boolean timedOut;

        Entry(String requestId, CompletableFuture<ChatAnswer> future, long deadlineMs) {
            this.requestId = requestId;
            this.future = future;
            this.deadlineMs = deadlineMs;
        }
    }
}
