package dev.switchboard.schemas.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.CacheControl;
import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.Tier;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request written as JSON: the OpenAI chat-completions body ({@code model}, {@code messages},
 * {@code max_tokens} or {@code max_completion_tokens}, {@code temperature}, {@code top_p}, {@code stop},
 * {@code response_format}, {@code user}) plus Switchboard's fields ({@code request_id}, {@code tenant},
 * {@code team}, {@code project}, {@code feature}, {@code session_id}, {@code tier}, {@code cache},
 * {@code deadline}, {@code reply_to}, {@code metadata}).
 */
public final class RequestJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestJson() {
    }

    public static boolean looksLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    public static LlmRequest parse(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the token it could not read, which may be a key: say where, not what.
            throw RequestFormatException.unreadable("malformed JSON" + (e instanceof JsonEOFException ? ", cut off" : "")
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw RequestFormatException.unreadable("unreadable JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw RequestFormatException.unreadable("a request must be a JSON object");
        }
        // Only string ids name the rejection; a mistyped one is itself the error read() reports.
        String requestId = root.path("request_id").isTextual() ? root.get("request_id").asText() : null;
        String tenant = root.path("tenant").isTextual() ? root.get("tenant").asText() : null;
        try {
            return read(root);
        } catch (IllegalArgumentException e) {
            throw RequestFormatException.invalidField(e.getMessage(), requestId, tenant);
        }
    }

    private static LlmRequest read(JsonNode root) {
        String requestId = text(root, "request_id");
        String tenant = text(root, "tenant");
        require(requestId, "request_id");
        require(tenant, "tenant");
        return LlmRequest.newBuilder()
                .setRequestId(requestId)
                .setTenant(tenant)
                .setAttribution(new Attribution(text(root, "team"), text(root, "project"), text(root, "feature"), text(root, "user"), null))
                .setApiKey(text(root, "api_key"))
                .setSessionId(text(root, "session_id"))
                .setMessages(messages(root.get("messages")))
                .setParams(params(root))
                .setModel(root.hasNonNull("model") ? text(root, "model") : "auto")
                .setTier(tier(text(root, "tier")))
                .setTierExplicit(root.hasNonNull("tier"))
                .setCache(cache(root.get("cache")))
                .setDeadline(instant(root.get("deadline"), "deadline"))
                .setReplyTo(text(root, "reply_to"))
                .setMetadata(metadata(root.get("metadata")))
                .setSubmittedAt(instant(root.get("submitted_at"), "submitted_at"))
                .build();
    }

    private static List<ChatMessage> messages(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("messages must be an array of {role, content}");
        }
        List<ChatMessage> messages = new ArrayList<>(node.size());
        for (JsonNode m : node) {
            String role = text(m, "role");
            require(role, "messages[].role");
            messages.add(new ChatMessage(role, content(m.get("content")), text(m, "name"), cacheControl(m), images(m.get("content"))));
        }
        return messages;
    }

    /**
     * A prompt-cache breakpoint: Anthropic's {@code cache_control: {type}} on the message or on its last content part
     * (where Anthropic puts it), kept so the adapter can pass it through untouched.
     */
    private static String cacheControl(JsonNode message) {
        JsonNode onMessage = message.path("cache_control").path("type");
        if (onMessage.isTextual()) {
            return onMessage.asText();
        }
        JsonNode content = message.get("content");
        if (content != null && content.isArray() && !content.isEmpty()) {
            JsonNode onPart = content.get(content.size() - 1).path("cache_control").path("type");
            if (onPart.isTextual()) {
                return onPart.asText();
            }
        }
        return null;
    }

    /** The URLs of OpenAI {@code image_url} content parts. */
    private static List<String> images(JsonNode content) {
        List<String> urls = new ArrayList<>();
        if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                if ("image_url".equals(text(part, "type"))) {
                    JsonNode url = part.path("image_url").path("url");
                    if (!url.isTextual()) {
                        throw new IllegalArgumentException("an image_url part needs image_url.url");
                    }
                    urls.add(url.asText());
                }
            }
        }
        return urls;
    }

    /** A string, or OpenAI content parts of which only text parts are supported so far. */
    private static String content(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : node) {
                String type = text(part, "type");
                if ("text".equals(type)) {
                    text.append(text(part, "text"));
                } else if (!"image_url".equals(type)) {
                    throw new IllegalArgumentException("content part of type '" + type + "' is not supported; text and image_url parts are");
                }
            }
            return text.toString();
        }
        throw new IllegalArgumentException("messages[].content must be a string or an array of text parts");
    }

    private static GenerationParams params(JsonNode root) {
        JsonNode maxTokens = root.hasNonNull("max_tokens") ? root.get("max_tokens") : root.get("max_completion_tokens");
        return GenerationParams.newBuilder()
                .setMaxTokens(maxTokens == null || maxTokens.isNull() ? null : integer(maxTokens, "max_tokens"))
                .setTemperature(number(root.get("temperature"), "temperature"))
                .setTopP(number(root.get("top_p"), "top_p"))
                .setStop(stop(root.get("stop")))
                .setResponseFormat(responseFormat(root.get("response_format")))
                .build();
    }

    private static List<String> stop(JsonNode node) {
        List<String> stop = new ArrayList<>();
        if (node == null || node.isNull()) {
            return stop;
        }
        if (node.isTextual()) {
            stop.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(s -> stop.add(s.asText()));
        } else {
            throw new IllegalArgumentException("stop must be a string or an array of strings");
        }
        return stop;
    }

    /** {"type":"json_object"} becomes "json_object"; a json_schema format keeps its whole document. */
    private static String responseFormat(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        String type = text(node, "type");
        if (node.size() == 1 && type != null) {
            return type;
        }
        return node.toString();
    }

    private static Tier tier(String tier) {
        if (tier == null) {
            return Tier.STANDARD;
        }
        try {
            return Tier.valueOf(tier.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tier must be interactive, standard or batch, not '" + tier + "'");
        }
    }

    private static CacheControl cache(JsonNode node) {
        CacheControl.Builder cache = CacheControl.newBuilder();
        if (node != null && node.isObject()) {
            cache.setNoCache(node.path("no_cache").asBoolean(false))
                    .setPersonalized(node.path("personalized").asBoolean(false))
                    .setNamespace(text(node, "namespace"))
                    .setTtlSeconds(node.hasNonNull("ttl_seconds") ? (long) integer(node.get("ttl_seconds"), "cache.ttl_seconds") : null);
        }
        return cache.build();
    }

    private static Map<String, String> metadata(JsonNode node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        }
        return metadata;
    }

    /** Epoch milliseconds or an ISO-8601 instant. */
    private static Instant instant(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be epoch milliseconds or an ISO-8601 instant, not '" + node.asText() + "'");
        }
    }

    private static int integer(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new IllegalArgumentException(field + " must be an integer, not " + node);
        }
        return node.asInt();
    }

    private static Double number(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, not " + node);
        }
        return node.asDouble();
    }

    /** A string field; a number, boolean, object or array where a string belongs is refused, not converted. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string, not " + article(value.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        return value.asText();
    }

    private static String article(String type) {
        return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing required field " + field);
        }
    }

    /** Renders a request as the JSON this class reads; used by tools and tests. */
    public static String write(LlmRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("request_id", request.getRequestId());
        root.put("tenant", request.getTenant());
        root.put("model", request.getModel());
        if (request.getTierExplicit()) {
            root.put("tier", request.getTier().name().toLowerCase(Locale.ROOT));
        }
        var messages = root.putArray("messages");
        for (ChatMessage m : request.getMessages()) {
            ObjectNode message = messages.addObject().put("role", m.getRole());
            if (m.getImages().isEmpty()) {
                message.put("content", m.getContent());
            } else {
                var parts = message.putArray("content");
                parts.addObject().put("type", "text").put("text", m.getContent());
                m.getImages().forEach(url -> parts.addObject().put("type", "image_url").putObject("image_url").put("url", url));
            }
            if (m.getName() != null) {
                message.put("name", m.getName());
            }
            if (m.getCacheControl() != null) {
                message.putObject("cache_control").put("type", m.getCacheControl());
            }
        }
        if (request.getParams().getMaxTokens() != null) {
            root.put("max_tokens", request.getParams().getMaxTokens());
        }
        Attribution a = request.getAttribution();
        putIfSet(root, "team", a.getTeam());
        putIfSet(root, "project", a.getProject());
        putIfSet(root, "feature", a.getFeature());
        putIfSet(root, "user", a.getUser());
        putIfSet(root, "reply_to", request.getReplyTo());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
