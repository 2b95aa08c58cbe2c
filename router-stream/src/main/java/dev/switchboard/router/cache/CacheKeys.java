package dev.switchboard.router.cache;

import dev.switchboard.router.TenantPolicy;
import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.LlmRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a request may find a shared answer. The scope is who asks and everything but the question: tenant, cache
 * namespace, requested model, the system prompt and earlier turns, and the answer-changing parameters
 * ({@code response_format}, {@code stop}, a {@code max_tokens} bucket). Two requests can share an answer only within
 * one scope, so there is never a hit across tenants. The exact key adds the normalised final user turn; the
 * semantic cache compares that turn's embedding against others of the same scope.
 *
 * @param scope      SHA-256 of the scope
 * @param exact      SHA-256 of the scope and the normalised final user turn
 * @param finalTurn  the final user turn as sent, for the embedding and the hit guard; null when the conversation
 *                   does not end with a user turn (then only the exact cache applies)
 */
public record CacheKeys(String scope, String exact, String finalTurn) {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\s?.!]+$");

    /** Empty when the request must neither read nor fill the cache. */
    public static Optional<CacheKeys> of(LlmRequest request, TenantPolicy policy) {
        return of(request, policy, 0);
    }

    /** @param generation the namespace's generation: bumping it (an invalidation) moves every key of the namespace */
    public static Optional<CacheKeys> of(LlmRequest request, TenantPolicy policy, long generation) {
        if (request.getCache().getNoCache() || request.getCache().getPersonalized()) {
            return Optional.empty();
        }
        Double temperature = request.getParams().getTemperature();
        if (temperature != null && temperature > policy.maxCacheTemperature()) {
            return Optional.empty();
        }
        List<ChatMessage> messages = request.getMessages();
        ChatMessage last = messages.get(messages.size() - 1);
        boolean endsWithUser = last.getRole().equals("user");
        List<ChatMessage> context = endsWithUser ? messages.subList(0, messages.size() - 1) : messages;
        String scope = hash(scopeText(request, context) + "generation:" + generation);
        String turn = endsWithUser ? normalise(last.getContent()) : "";
        return Optional.of(new CacheKeys(scope, hash(scope + "\n" + turn), endsWithUser ? last.getContent() : null));
    }

    private static String scopeText(LlmRequest request, List<ChatMessage> context) {
        StringBuilder text = new StringBuilder();
        field(text, "tenant", request.getTenant());
        field(text, "namespace", request.getCache().getNamespace());
        field(text, "model", request.getModel());
        for (ChatMessage message : context) {
            field(text, "role", message.getRole());
            field(text, "name", message.getName());
            field(text, "content", WHITESPACE.matcher(message.getContent().strip()).replaceAll(" "));
        }
        GenerationParams params = request.getParams();
        field(text, "max_tokens", maxTokensBucket(params.getMaxTokens()));
        for (String stop : params.getStop()) {
            field(text, "stop", stop);
        }
        field(text, "response_format", params.getResponseFormat());
        return text.toString();
    }

    /** Case, runs of whitespace and closing punctuation do not change what a question asks. */
    static String normalise(String turn) {
        String collapsed = WHITESPACE.matcher(turn.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
        return TRAILING_PUNCTUATION.matcher(collapsed).replaceAll("");
    }

    /** Answers capped at 300 or 400 tokens are interchangeable; at 50 or 4000 they are not. Powers of two. */
    static String maxTokensBucket(Integer maxTokens) {
        if (maxTokens == null) {
            return "none";
        }
        return "<=" + Integer.highestOneBit(Math.max(1, maxTokens - 1)) * 2;
    }

    /** Length-prefixed, so no choice of field values can make two different requests serialise the same. */
    private static void field(StringBuilder text, String name, String value) {
        String v = value == null ? "\u0000" : value;
        text.append(name).append(':').append(v.length()).append(':').append(v).append('\n');
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
