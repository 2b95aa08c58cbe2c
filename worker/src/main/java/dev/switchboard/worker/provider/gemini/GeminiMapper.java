package dev.switchboard.worker.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.worker.provider.ChatCall;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.HttpFailures;
import dev.switchboard.worker.provider.ProviderResult;

/**
 * Pure conversions between Switchboard's call and Gemini's {@code models/{model}:generateContent} wire format. No
 * I/O, no logging.
 *
 * <p>Request: {@code user} stays {@code user}, {@code assistant} becomes {@code model}; {@code system} and
 * {@code developer} messages become parts of {@code systemInstruction}; {@code tool} messages become {@code user}
 * text prefixed with {@code [tool result]} (a call carries no function-call names to answer). Parameters go in
 * {@code generationConfig}; {@code response_format} {@code json_object} sets {@code responseMimeType}
 * {@code application/json}, and a JSON schema (OpenAI's {@code json_schema} object or a bare schema) also sets
 * {@code responseJsonSchema}.
 *
 * <p>Response: the text parts of the first candidate, thought summaries left out. Usage follows our convention:
 * {@code promptTokenCount} already includes {@code cachedContentTokenCount}; thinking tokens are billed as output,
 * so completion = candidates + thoughts, and reasoning = thoughts.
 */
final class GeminiMapper {
    static final String TOOL_PREFIX = "[tool result]\n";
    static final String JSON_MIME_TYPE = "application/json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private GeminiMapper() {
    }

    static String requestBody(ChatCall call) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode contents = body.putArray("contents");
        ArrayNode systemParts = JSON.createArrayNode();
        for (ChatMessage message : call.messages()) {
            switch (message.getRole()) {
                case "system", "developer" -> systemParts.addObject().put("text", message.getContent());
                case "user" -> turn(contents, "user", message.getContent());
                case "assistant" -> turn(contents, "model", message.getContent());
                case "tool" -> turn(contents, "user", TOOL_PREFIX + message.getContent());
                default -> throw new IllegalArgumentException("role '" + message.getRole() + "' has no Gemini equivalent");
            }
        }
        if (!systemParts.isEmpty()) {
            body.putObject("systemInstruction").set("parts", systemParts);
        }
        ObjectNode config = generationConfig(call.params());
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return body.toString();
    }

    private static void turn(ArrayNode contents, String role, String text) {
        ObjectNode content = contents.addObject().put("role", role);
        content.putArray("parts").addObject().put("text", text);
    }

    private static ObjectNode generationConfig(GenerationParams params) {
        ObjectNode config = JSON.createObjectNode();
        if (params.getMaxTokens() != null) {
            config.put("maxOutputTokens", params.getMaxTokens());
        }
        if (params.getTemperature() != null) {
            config.put("temperature", params.getTemperature());
        }
        if (params.getTopP() != null) {
            config.put("topP", params.getTopP());
        }
        if (params.getStop() != null && !params.getStop().isEmpty()) {
            ArrayNode stop = config.putArray("stopSequences");
            params.getStop().forEach(stop::add);
        }
        String format = params.getResponseFormat();
        if (format != null && !format.equals("text")) {
            config.put("responseMimeType", JSON_MIME_TYPE);
            if (!format.equals("json_object")) {
                config.set("responseJsonSchema", schema(format));
            }
        }
        return config;
    }

    /** Our schema format is OpenAI's {@code json_schema} object ({@code {name, schema, strict}}) or a bare schema. */
    private static JsonNode schema(String format) {
        try {
            JsonNode document = JSON.readTree(format);
            return document.has("schema") && document.get("schema").isObject() ? document.get("schema") : document;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("response_format is neither text, json_object nor a JSON schema", e);
        }
    }

    /** Reads a 200 body; a body that is not a GenerateContentResponse is a {@link FailureKind#BAD_RESPONSE}. */
    static ProviderResult success(String provider, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return failure(provider, FailureKind.BAD_RESPONSE, "body is not JSON: " + HttpFailures.excerpt(body));
        }
        JsonNode candidate = root == null ? null : root.path("candidates").get(0);
        if (candidate == null || !candidate.isObject()) {
            String blocked = root == null ? "" : root.path("promptFeedback").path("blockReason").asText("");
            return blocked.isEmpty()
                    ? failure(provider, FailureKind.BAD_RESPONSE, "no candidates in: " + HttpFailures.excerpt(body))
                    : failure(provider, FailureKind.REJECTED_BY_PROVIDER, "prompt blocked: " + blocked);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
                text.append(part.get("text").asText());
            }
        }
        JsonNode usage = root.get("usageMetadata");
        boolean reported = usage != null && usage.has("promptTokenCount");
        int thoughts = reported ? usage.path("thoughtsTokenCount").asInt(0) : 0;
        return new ProviderResult.Success(provider, false, text.toString(), finishReason(candidate.path("finishReason").asText(null)),
                reported ? usage.get("promptTokenCount").asInt() : 0,
                reported ? usage.path("candidatesTokenCount").asInt(0) + thoughts : 0,
                reported ? usage.path("cachedContentTokenCount").asInt(0) : 0,
                thoughts,
                reported);
    }

    /** Gemini's {@code finishReason} in OpenAI's {@code finish_reason} terms; others pass lower-cased. */
    static String finishReason(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "STOP" -> "stop";
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> "content_filter";
            default -> reason.toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static ProviderResult failure(String provider, FailureKind kind, String message) {
        return new ProviderResult.Failure(provider, false, kind, message, 200, null);
    }
}
