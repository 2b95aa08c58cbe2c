package dev.switchboard.router;

import dev.switchboard.schemas.LlmRequest;
import java.time.Instant;

/**
 * A request that passed intake, as it moves between the router's processors (never serialized).
 *
 * @param cacheKey the exact-cache key, or null when the request must not be cached
 */
public record AdmittedRequest(LlmRequest request, Instant receivedAt, String cacheKey) {
    public AdmittedRequest withCacheKey(String key) {
        return new AdmittedRequest(request, receivedAt, key);
    }

    public String replyTopic() {
        return Reply.topicFor(request);
    }
}
