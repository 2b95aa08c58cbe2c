package dev.switchboard.router.cache.bound;

import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.Topics;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Marks a request whose answer is to be compared with a semantic candidate's cached answer. It travels in the request's
 * metadata, which the worker copies onto the answer, so the lane that made the lookup finds it on {@code llm.cache-fill}.
 * It names only the lane, the candidate's exact-cache key (a digest of the tenant's own question), the score and
 * whether the call was paid for; the caller sees it on the answer's metadata.
 */
public record VerifyTag(String lane, String candidateKey, double score, boolean paid) {
    public static final String METADATA_KEY = "switchboard.cache_verify";
    /** The request id of a verification call made for a hit served from the cache. */
    public static final String CALL_SUFFIX = ":verify";

    public static Optional<VerifyTag> of(Map<String, String> metadata) {
        String value = metadata == null ? null : metadata.get(METADATA_KEY);
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\|");
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new VerifyTag(parts[0], parts[1], Double.parseDouble(parts[2]), "1".equals(parts[3])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String encode() {
        return String.format(Locale.ROOT, "%s|%s|%.6f|%s", lane, candidateKey, score, paid ? "1" : "0");
    }

    /** The request with this tag: it goes to the provider and the caller gets the provider's answer. */
    LlmRequest on(LlmRequest request) {
        Map<String, String> metadata = new HashMap<>(request.getMetadata());
        metadata.put(METADATA_KEY, encode());
        return LlmRequest.newBuilder(request).setMetadata(metadata).build();
    }

    /**
     * A second call for a hit whose caller gets the cached answer: its own request id (so the caller's request is
     * answered once) and its own reply topic, attributed and charged like the request it checks.
     */
    LlmRequest callFor(LlmRequest request) {
        return LlmRequest.newBuilder(on(request)).setRequestId(request.getRequestId() + CALL_SUFFIX).setReplyTo(Topics.CACHE_VERIFY_REPLIES).build();
    }
}
