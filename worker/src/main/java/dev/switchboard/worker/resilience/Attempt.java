package dev.switchboard.worker.resilience;

import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import java.time.Instant;

/** One try at one model: what came back and when. A try refused by an open circuit made no call. */
public record Attempt(ProviderResult result, Instant start, Instant end) {
    public boolean reachedProvider() {
        return !(result instanceof ProviderResult.Failure f && f.kind() == FailureKind.CIRCUIT_OPEN);
    }
}
