package dev.switchboard.worker.resilience;

import dev.switchboard.worker.provider.ChatCall;
import dev.switchboard.worker.provider.ChatProvider;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;

/** A provider that answers from a script, in order, and remembers when it was called: for the caller's logic alone. */
final class ScriptedProvider implements ChatProvider {
    private final Deque<ProviderResult> script = new ConcurrentLinkedDeque<>();
    private final List<Instant> calls = new ArrayList<>();

    ScriptedProvider then(ProviderResult result) {
        script.add(result);
        return this;
    }

    ScriptedProvider failing(FailureKind kind, int times, Duration retryAfter) {
        for (int i = 0; i < times; i++) {
            script.add(new ProviderResult.Failure(name(), false, kind, kind + " #" + (i + 1), 500, retryAfter));
        }
        return this;
    }

    static ProviderResult ok() {
        return new ProviderResult.Success("scripted", false, "fine", "stop", 10, 5, 0, 0, true);
    }

    synchronized List<Instant> calls() {
        return List.copyOf(calls);
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public CompletableFuture<ProviderResult> complete(ChatCall call) {
        synchronized (this) {
            calls.add(Instant.now());
        }
        ProviderResult next = script.poll();
        return CompletableFuture.completedFuture(next != null ? next : ok());
    }
}
