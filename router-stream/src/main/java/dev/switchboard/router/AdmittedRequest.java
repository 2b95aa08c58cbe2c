package dev.switchboard.router;

import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.SemanticQuestion;
import java.time.Instant;

/**
 * A request that passed intake, as it moves between the router's processors (never serialized).
 *
 * @param cacheKey         the exact-cache key, or null when the request must not be cached
 * @param finalTurnVector  the final user turn's embedding when the cache computed one, so routing does not embed it
 *                         again; null otherwise
 * @param semantic         the question as the semantic cache indexes it, carried to the worker and back on
 *                         {@code llm.cache-fill} so every lane indexes the answer; null when it fills no semantic entry
 */
public record AdmittedRequest(LlmRequest request, Instant receivedAt, String cacheKey, float[] finalTurnVector, SemanticQuestion semantic) {
    public AdmittedRequest(LlmRequest request, Instant receivedAt, String cacheKey) {
        this(request, receivedAt, cacheKey, null, null);
    }

    public AdmittedRequest withCacheKey(String key) {
        return new AdmittedRequest(request, receivedAt, key, finalTurnVector, semantic);
    }

    public AdmittedRequest withRequest(LlmRequest changed) {
        return new AdmittedRequest(changed, receivedAt, cacheKey, finalTurnVector, semantic);
    }

    /** The cache missed: the key its answer fills, and the vector and semantic entry it computed (both null without one). */
    public AdmittedRequest missed(String key, float[] vector, SemanticQuestion question) {
        return new AdmittedRequest(request, receivedAt, key, vector, question);
    }

    public String replyTopic() {
        return Reply.topicFor(request);
    }
}
