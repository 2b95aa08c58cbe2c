package dev.switchboard.worker.provider;

import java.util.concurrent.CompletableFuture;

/**
 * One provider's chat-completions call. Implementations never block the caller and never throw: every outcome,
 * including a transport error, completes the future as a {@link ProviderResult}.
 */
public interface ChatProvider {
    /** The provider's name as it appears in answers and usage events, e.g. "openai" or "simulator". */
    String name();

    CompletableFuture<ProviderResult> complete(ChatCall call);
}
