package dev.switchboard.worker.provider;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An optional capability: the provider's batch API, which answers within hours at a discount. Calls are keyed by
 * an id unique within the batch.
 */
public interface BatchProvider {
    /** Submits the calls as one batch; completes with the provider's batch id. */
    CompletableFuture<String> submitBatch(Map<String, ChatCall> calls);

    /** Empty while the batch runs; once it has ended, one result per call id (an id missing from the output is a failure). */
    CompletableFuture<Optional<Map<String, ProviderResult>>> batchResults(String batchId);
}
