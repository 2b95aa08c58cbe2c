package dev.switchboard.router;

import dev.switchboard.schemas.LlmRequest;
import java.time.Instant;

/**
 * A request that passed intake, as it moves between the router's processors (never serialized).
 *
 * @param cacheKey         the exact-cache key, or null when the request must not be cached
 * @param finalTurnVector  the final user turn's embedding when the cache computed one, so routing does not embed it
 *                         again; null otherwise
 */
public record AdmittedRequest(LlmRequest request, Instant receivedAt, String cacheKey, float[] finalTurnVector) {
    public AdmittedRequest(LlmRequest request, Instant receivedAt, String cacheKey) {
        this(request, receivedAt, cacheKey, null);
    }

    public AdmittedRequest withCacheKey(String key) {
        return new AdmittedRequest(request, receivedAt, key, finalTurnVector);
    }

    public AdmittedRequest withRequest(LlmRequest changed) {
        return new AdmittedRequest(changed, receivedAt, cacheKey, finalTurnVector);
    }

    public AdmittedRequest withFinalTurnVector(float[] vector) {
        return new AdmittedRequest(request, receivedAt, cacheKey, vector);
    }

    public String replyTopic() {
        return Reply.topicFor(request);
    }
}
