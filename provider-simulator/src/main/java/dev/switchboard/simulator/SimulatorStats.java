package dev.switchboard.simulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counters of what the simulator saw and did, so tests can assert e.g. that a retry really reached
 * the provider. Handlers on many threads update it concurrently; reads are cheap snapshots.
 */
public final class SimulatorStats {

    private final LongAdder requestsReceived = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> modelCalls = new ConcurrentHashMap<>();
    private final Map<FaultKind, LongAdder> faults = new EnumMap<>(FaultKind.class);
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder batchesCreated = new LongAdder();
    private final LongAdder batchLineCalls = new LongAdder();

    SimulatorStats() {
        for (FaultKind kind : FaultKind.values()) {
            faults.put(kind, new LongAdder()); // filled once, then only read: safe to share
        }
    }

    void requestReceived() {
        requestsReceived.increment();
    }

    void modelCalled(String model) {
        modelCalls.computeIfAbsent(model, m -> new LongAdder()).increment();
    }

    void faultInjected(FaultKind kind) {
        faults.get(kind).increment();
    }

    void messagesRequestReceived() {
        messagesReceived.increment();
    }

    void batchCreated() {
        batchesCreated.increment();
    }

    void batchLineCalled() {
        batchLineCalls.increment();
    }

    /** Anthropic {@code POST /v1/messages} requests received, including invalid and faulted ones. */
    public long messagesRequestsReceived() {
        return messagesReceived.sum();
    }

    /** Batches accepted: OpenAI {@code POST /v1/batches} plus Anthropic {@code POST /v1/messages/batches}. */
    public long batchesCreated() {
        return batchesCreated.sum();
    }

    /**
     * Batch lines (OpenAI) and batch requests (Anthropic) processed when their batch completed, whatever their
     * outcome. Lines with a served model also count in {@link #callsFor(String)}.
     */
    public long batchLineCalls() {
        return batchLineCalls.sum();
    }

    /** Chat-completion requests received, including invalid and faulted ones. */
    public long requestsReceived() {
        return requestsReceived.sum();
    }

    /**
     * Valid calls for {@code model} (faulted ones included): chat completions, Anthropic messages and
     * processed batch lines.
     */
    public long callsFor(String model) {
        LongAdder adder = modelCalls.get(model);
        return adder == null ? 0 : adder.sum();
    }

    /** Snapshot of valid calls per model, sorted by model name. */
    public Map<String, Long> callsPerModel() {
        Map<String, Long> snapshot = new TreeMap<>();
        modelCalls.forEach((model, adder) -> snapshot.put(model, adder.sum()));
        return snapshot;
    }

    public long faultsInjected() {
        return faults.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long faultsInjected(FaultKind kind) {
        return faults.get(kind).sum();
    }

    @Override
    public String toString() {
        return "SimulatorStats{requests=" + requestsReceived() + ", calls=" + callsPerModel()
                + ", faults=" + faultsInjected() + ", messages=" + messagesRequestsReceived()
                + ", batches=" + batchesCreated() + ", batchLines=" + batchLineCalls() + "}";
    }
}
