package dev.switchboard.router.cache;

import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.LlmRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The exact-cache key: SHA-256 of everything that can change an answer. Who asks (tenant, namespace), what was
 * asked for (requested model), the whole conversation, and the answer-changing parameters. Text is normalised
 * only in ways that cannot change meaning: surrounding whitespace and runs of whitespace.
 */
public final class CacheKey {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private CacheKey() {
    }

    /** Empty when the request must neither read nor fill the cache. */
    public static Optional<String> of(LlmRequest request) {
        if (request.getCache().getNoCache() || request.getCache().getPersonalized()) {
            return Optional.empty();
        }
        return Optional.of(hash(canonical(request)));
    }

    static String canonical(LlmRequest request) {
        StringBuilder text = new StringBuilder();
        field(text, "tenant", request.getTenant());
        field(text, "namespace", request.getCache().getNamespace());
        field(text, "model", request.getModel());
        for (ChatMessage message : request.getMessages()) {
            field(text, "role", message.getRole());
            field(text, "name", message.getName());
            field(text, "content", normalise(message.getContent()));
        }
        GenerationParams params = request.getParams();
        field(text, "max_tokens", String.valueOf(params.getMaxTokens()));
        field(text, "temperature", String.valueOf(params.getTemperature()));
        field(text, "top_p", String.valueOf(params.getTopP()));
        for (String stop : params.getStop()) {
            field(text, "stop", stop);
        }
        field(text, "response_format", params.getResponseFormat());
        return text.toString();
    }

    static String normalise(String content) {
        return WHITESPACE.matcher(content.strip()).replaceAll(" ");
    }

    /** Length-prefixed, so no choice of field values can make two different requests serialise the same. */
    private static void field(StringBuilder text, String name, String value) {
        String v = value == null ? "\u0000" : value;
        text.append(name).append(':').append(v.length()).append(':').append(v).append('\n');
    }

    private static String hash(String canonical) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
