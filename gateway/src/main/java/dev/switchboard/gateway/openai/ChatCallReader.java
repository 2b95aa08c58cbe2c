package dev.switchboard.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.json.RequestFormatException;
import dev.switchboard.schemas.json.RequestJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads an OpenAI chat-completions body, plus Switchboard's options given as {@code x-switchboard-*} headers or as
 * extra body fields ({@code tier}, {@code cache}, {@code session_id}, {@code team}, {@code project}, {@code feature},
 * {@code tenant}, {@code request_id}, {@code metadata}), into the record published on {@code llm.requests}. A body field
 * wins over its header. The fields the gateway owns ({@code reply_to}, {@code deadline}, {@code api_key}) are never
 * taken from the body. Pure: the key's tenant comes from a lookup passed in.
 */
public final class ChatCallReader {
    public static final String HEADER_TENANT = "x-switchboard-tenant";
    public static final String HEADER_REQUEST_ID = "x-switchboard-request-id";
    public static final String HEADER_TIER = "x-switchboard-tier";
    public static final String HEADER_TEAM = "x-switchboard-team";
    public static final String HEADER_PROJECT = "x-switchboard-project";
    public static final String HEADER_FEATURE = "x-switchboard-feature";
    public static final String HEADER_SESSION = "x-switchboard-session";
    public static final String HEADER_NO_CACHE = "x-switchboard-no-cache";
    public static final String HEADER_CACHE_NAMESPACE = "x-switchboard-cache-namespace";
    public static final String HEADER_CACHE_TTL = "x-switchboard-cache-ttl-seconds";
    public static final String HEADER_TIMEOUT = "x-switchboard-timeout-ms";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String defaultTenant;
    private final Function<String, Optional<String>> tenantOfKey;

    /** @param tenantOfKey the tenant a virtual key was issued to, when the key is known */
    public ChatCallReader(String defaultTenant, Function<String, Optional<String>> tenantOfKey) {
        this.defaultTenant = defaultTenant;
        this.tenantOfKey = tenantOfKey;
    }

    /**
     * @param headers lower-case header name to value (null when absent)
     * @param apiKey  the bearer token, or null
     * @throws RequestFormatException with a sentence for the caller when the call is not valid
     */
    public ChatCall read(byte[] body, Function<String, String> headers, String apiKey) {
        ObjectNode root = object(body);
        if (!root.hasNonNull("model")) {
            throw RequestFormatException.invalidField("model is required (a served model id, or auto)", null, null);
        }
        if (root.has("n") && root.get("n").asInt(1) != 1) {
            throw RequestFormatException.invalidField("n must be 1: Switchboard answers each request once", null, null);
        }
        boolean stream = root.path("stream").asBoolean(false);
        boolean includeUsage = root.path("stream_options").path("include_usage").asBoolean(false);
        Duration timeout = timeout(headers.apply(HEADER_TIMEOUT));
        for (String owned : new String[] {"reply_to", "deadline", "api_key", "submitted_at", "stream", "stream_options"}) {
            root.remove(owned);
        }
        root.put("tenant", tenantOf(apiKey, root.path("tenant").textValue(), headers));
        root.put("request_id", firstOf(root.path("request_id").textValue(), headers.apply(HEADER_REQUEST_ID), "gw-" + UUID.randomUUID()));
        fromHeader(root, "tier", headers.apply(HEADER_TIER));
        fromHeader(root, "team", headers.apply(HEADER_TEAM));
        fromHeader(root, "project", headers.apply(HEADER_PROJECT));
        fromHeader(root, "feature", headers.apply(HEADER_FEATURE));
        fromHeader(root, "session_id", headers.apply(HEADER_SESSION));
        cacheFromHeaders(root, headers);
        if (apiKey != null) {
            root.put("api_key", apiKey);
        }
        LlmRequest request = RequestJson.parse(root.toString().getBytes(StandardCharsets.UTF_8));
        return new ChatCall(request, stream, includeUsage, timeout);
    }

    /** The key's tenant when the key is known; otherwise the one named in the body, then the header, then the default. */
    public String tenantOf(String apiKey, String named, Function<String, String> headers) {
        return Optional.ofNullable(apiKey).flatMap(tenantOfKey)
                .orElseGet(() -> firstOf(named, headers.apply(HEADER_TENANT), defaultTenant));
    }

    private static ObjectNode object(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw RequestFormatException.unreadable("body is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw RequestFormatException.unreadable("body must be a JSON object");
        }
        return (ObjectNode) root;
    }

    private static void cacheFromHeaders(ObjectNode root, Function<String, String> headers) {
        String noCache = headers.apply(HEADER_NO_CACHE);
        String namespace = headers.apply(HEADER_CACHE_NAMESPACE);
        String ttl = headers.apply(HEADER_CACHE_TTL);
        if (noCache == null && namespace == null && ttl == null) {
            return;
        }
        ObjectNode cache = root.has("cache") && root.get("cache").isObject() ? (ObjectNode) root.get("cache") : root.putObject("cache");
        if (noCache != null && !cache.has("no_cache")) {
            cache.put("no_cache", Boolean.parseBoolean(noCache));
        }
        fromHeader(cache, "namespace", namespace);
        if (ttl != null && !cache.has("ttl_seconds")) {
            try {
                cache.put("ttl_seconds", Long.parseLong(ttl));
            } catch (NumberFormatException e) {
                throw RequestFormatException.invalidField(HEADER_CACHE_TTL + " must be whole seconds, not '" + ttl + "'", null, null);
            }
        }
    }

    private static Duration timeout(String header) {
        if (header == null) {
            return null;
        }
        try {
            long millis = Long.parseLong(header);
            if (millis <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(millis);
        } catch (NumberFormatException e) {
            throw RequestFormatException.invalidField(HEADER_TIMEOUT + " must be a positive number of milliseconds, not '" + header + "'", null, null);
        }
    }

    private static void fromHeader(ObjectNode node, String field, String value) {
        if (value != null && !node.hasNonNull(field)) {
            node.put(field, value);
        }
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
