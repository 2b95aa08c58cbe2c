package dev.switchboard.worker.resilience;

import dev.switchboard.worker.provider.ProviderResult;
import java.util.List;

/** Every try at one model, in order; the last one decides. */
public record CallResult(List<Attempt> attempts) {
    public CallResult {
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("a call has at least one attempt");
        }
        attempts = List.copyOf(attempts);
    }

    public Attempt last() {
        return attempts.get(attempts.size() - 1);
    }

    public ProviderResult result() {
        return last().result();
    }
}
