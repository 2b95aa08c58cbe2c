package dev.switchboard.worker.provider.anthropic;

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
import java.util.ArrayList;
import java.util.List;

/**
 * Pure conversions between Switchboard's call and Anthropic's {@code POST /v1/messages} wire format. No I/O, no
 * logging.
 *
 * <p>Request, where it differs from OpenAI's:
 * <ul>
 *   <li>{@code system} and {@code developer} messages become the top-level {@code system} string, several joined
 *       with a blank line; Anthropic has no system role inside {@code messages}.</li>
 *   <li>{@code tool} messages become {@code user} text prefixed with {@code [tool result]}: a call carries no
 *       {@code tool_use} ids, so Anthropic's {@code tool_result} blocks cannot be formed.</li>
 *   <li>{@code max_tokens} is required by Anthropic: without one in the call, {@link #DEFAULT_MAX_TOKENS} is sent.</li>
 *   <li>{@code stop} becomes {@code stop_sequences}.</li>
 *   <li>{@code response_format} is left out: the Messages API has no JSON mode, so the answer is whatever text the
 *       model writes (ask for JSON in the prompt).</li>
 * </ul>
 *
 * <p>Usage follows our convention that prompt tokens include cached ones: Anthropic's {@code input_tokens} counts
 * only the uncached part, so prompt = input + cache read + cache creation, and cached = cache read.
 */
final class AnthropicMapper {
    /** Sent as {@code max_tokens} when the call sets none, since Anthropic requires it. */
    static final int DEFAULT_MAX_TOKENS = 1024;
    static final String TOOL_PREFIX = "[tool result]\n";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicMapper() {
    }

    static String requestBody(ChatCall call) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", call.upstreamModel());
        List<ChatMessage> system = new ArrayList<>();
        ArrayNode messages = JSON.createArrayNode();
        for (ChatMessage message : call.messages()) {
            switch (message.getRole()) {
                case "system", "developer" -> system.add(message);
                case "user", "assistant" -> content(messages.addObject().put("role", message.getRole()), message, message.getContent());
                case "tool" -> content(messages.addObject().put("role", "user"), message, TOOL_PREFIX + message.getContent());
                default -> throw new IllegalArgumentException("role '" + message.getRole() + "' has no Anthropic equivalent");
            }
        }
        if (system.stream().anyMatch(m -> m.getCacheControl() != null)) {
            // A cache breakpoint in the system prompt needs the block form, one block per system message.
            ArrayNode blocks = body.putArray("system");
            for (ChatMessage message : system) {
                textBlock(blocks, message.getContent(), message.getCacheControl());
            }
        } else if (!system.isEmpty()) {
            body.put("system", String.join("\n\n", system.stream().map(ChatMessage::getContent).toList()));
        }
        body.set("messages", messages);
        GenerationParams params = call.params();
        body.put("max_tokens", params.getMaxTokens() != null ? params.getMaxTokens() : DEFAULT_MAX_TOKENS);
        if (params.getTemperature() != null) {
            body.put("temperature", params.getTemperature());
        }
        if (params.getTopP() != null) {
            body.put("top_p", params.getTopP());
        }
        if (params.getStop() != null && !params.getStop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            params.getStop().forEach(stop::add);
        }
        return body.toString();
    }

    /**
     * Plain text content, or blocks: images by URL (data: URLs as base64 sources) before the text, and the caller's
     * cache breakpoint untouched on the last block.
     */
    private static void content(ObjectNode message, ChatMessage source, String text) {
        if (source.getCacheControl() == null && source.getImages().isEmpty()) {
            message.put("content", text);
            return;
        }
        ArrayNode blocks = message.putArray("content");
        for (String url : source.getImages()) {
            ObjectNode image = blocks.addObject().put("type", "image");
            if (url.startsWith("data:") && url.contains(";base64,")) {
                image.putObject("source").put("type", "base64").put("media_type", url.substring(5, url.indexOf(';')))
                        .put("data", url.substring(url.indexOf(";base64,") + 8));
            } else {
                image.putObject("source").put("type", "url").put("url", url);
            }
        }
        textBlock(blocks, text, source.getCacheControl());
    }

    private static void textBlock(ArrayNode blocks, String text, String cacheControl) {
        ObjectNode block = blocks.addObject().put("type", "text").put("text", text);
        if (cacheControl != null) {
            block.putObject("cache_control").put("type", cacheControl);
        }
    }

    /** Reads a 200 body; a body that is not a Message is a {@link FailureKind#BAD_RESPONSE}. */
    static ProviderResult success(String provider, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return badResponse(provider, "body is not JSON: " + HttpFailures.excerpt(body));
        }
        JsonNode content = root == null ? null : root.get("content");
        if (content == null || !content.isArray()) {
            return badResponse(provider, "no content array in: " + HttpFailures.excerpt(body));
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText()) && block.path("text").isTextual()) {
                text.append(block.get("text").asText());
            }
        }
        JsonNode usage = root.get("usage");
        boolean reported = usage != null && usage.has("input_tokens") && usage.has("output_tokens");
        int cacheRead = reported ? usage.path("cache_read_input_tokens").asInt(0) : 0;
        int cacheCreation = reported ? usage.path("cache_creation_input_tokens").asInt(0) : 0;
        return new ProviderResult.Success(provider, false, text.toString(), finishReason(root.path("stop_reason").asText(null)),
                reported ? usage.get("input_tokens").asInt() + cacheRead + cacheCreation : 0,
                reported ? usage.get("output_tokens").asInt() : 0,
                cacheRead,
                0,
                reported);
    }

    /** Anthropic's {@code stop_reason} in OpenAI's {@code finish_reason} terms; an unknown reason passes unchanged. */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "end_turn", "stop_sequence" -> "stop";
            case "max_tokens" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> stopReason;
        };
    }

    private static ProviderResult badResponse(String provider, String message) {
        return new ProviderResult.Failure(provider, false, FailureKind.BAD_RESPONSE, message, 200, null);
    }
}
