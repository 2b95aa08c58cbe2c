package dev.switchboard.worker.provider.openai;

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

/** Pure conversions between Switchboard's call and the OpenAI chat-completions wire format. No I/O, no logging. */
final class OpenAiMapper {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiMapper() {
    }

    static String requestBody(ChatCall call) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", call.upstreamModel());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : call.messages()) {
            ObjectNode m = messages.addObject().put("role", message.getRole());
            if (message.getImages().isEmpty()) {
                m.put("content", message.getContent());
            } else {
                ArrayNode parts = m.putArray("content");
                parts.addObject().put("type", "text").put("text", message.getContent());
                message.getImages().forEach(url -> parts.addObject().put("type", "image_url").putObject("image_url").put("url", url));
            }
            if (message.getName() != null) {
                m.put("name", message.getName());
            }
        }
        GenerationParams params = call.params();
        if (params.getMaxTokens() != null) {
            body.put("max_tokens", params.getMaxTokens());
        }
        if (params.getTemperature() != null) {
            body.put("temperature", params.getTemperature());
        }
        if (params.getTopP() != null) {
            body.put("top_p", params.getTopP());
        }
        if (!params.getStop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            params.getStop().forEach(stop::add);
        }
        responseFormat(params.getResponseFormat(), body);
        return body.toString();
    }

    /** {@code text} is the provider default; {@code json_object} is a type; anything else is a JSON schema. */
    private static void responseFormat(String format, ObjectNode body) {
        if (format == null || format.equals("text")) {
            return;
        }
        if (format.equals("json_object")) {
            body.putObject("response_format").put("type", "json_object");
            return;
        }
        try {
            ObjectNode wrapper = body.putObject("response_format").put("type", "json_schema");
            wrapper.set("json_schema", JSON.readTree(format));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("response_format is neither text, json_object nor a JSON schema", e);
        }
    }

    /** Reads a 200 body; a body that is not a chat completion is a {@link FailureKind#BAD_RESPONSE}. */
    static ProviderResult success(String provider, boolean simulated, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return badResponse(provider, simulated, "body is not JSON: " + HttpFailures.excerpt(body));
        }
        JsonNode choice = root == null ? null : root.path("choices").path(0);
        JsonNode content = choice == null ? null : choice.path("message").get("content");
        if (content == null || !content.isTextual()) {
            return badResponse(provider, simulated, "no choices[0].message.content in: " + HttpFailures.excerpt(body));
        }
        JsonNode usage = root.get("usage");
        if (usage == null || !usage.path("prompt_tokens").isInt() || !usage.path("completion_tokens").isInt()) {
            // An answer that cannot be priced cannot be billed or attributed: treat it as a broken response.
            return badResponse(provider, simulated, "no usage (prompt_tokens, completion_tokens) in the response: the call cannot be priced");
        }
        return new ProviderResult.Success(provider, simulated, content.asText(), choice.path("finish_reason").asText(null),
                usage.get("prompt_tokens").asInt(),
                usage.get("completion_tokens").asInt(),
                usage.path("prompt_tokens_details").path("cached_tokens").asInt(0),
                usage.path("completion_tokens_details").path("reasoning_tokens").asInt(0),
                true);
    }

    private static ProviderResult badResponse(String provider, boolean simulated, String message) {
        return new ProviderResult.Failure(provider, simulated, FailureKind.BAD_RESPONSE, message, 200, null);
    }
}
