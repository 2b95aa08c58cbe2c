package dev.switchboard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates an Anthropic Messages request body and maps it onto the {@link ChatRequest} the answer generator
 * understands: {@code system} (string or text blocks) becomes a leading system message, text blocks of each
 * message are joined with newlines, {@code max_tokens} (required) caps the answer, {@code stop_sequences} stop
 * it. So the same system prompt and messages give the same text as chat completions. Errors use Anthropic's
 * {@code field: problem} wording and always have status 400.
 */
final class AnthropicRequest {

    private AnthropicRequest() {
    }

    static ChatRequest parse(JsonNode root) throws InvalidRequestException {
        if (root == null || !root.isObject()) {
            throw bad("The request body must be a JSON object.");
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw bad("model: Field required");
        }
        JsonNode maxTokens = root.get("max_tokens");
        if (maxTokens == null || maxTokens.isNull()) {
            throw bad("max_tokens: Field required");
        }
        if (!maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt() || maxTokens.asInt() < 1) {
            throw bad("max_tokens: Input should be a valid integer greater than or equal to 1");
        }
        if (root.path("stream").asBoolean(false)) {
            throw bad("stream: The simulator does not support stream=true.");
        }
        JsonNode temperature = root.get("temperature");
        if (temperature != null && !temperature.isNull()
                && (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 1)) {
            throw bad("temperature: Input should be a number between 0 and 1");
        }
        List<ChatMessage> messages = new ArrayList<>();
        JsonNode system = root.get("system");
        if (system != null && !system.isNull()) {
            messages.add(new ChatMessage("system", text(system, "system")));
        }
        JsonNode input = root.get("messages");
        if (input == null || !input.isArray()) {
            throw bad("messages: Field required");
        }
        if (input.isEmpty()) {
            throw bad("messages: at least one message is required");
        }
        for (int i = 0; i < input.size(); i++) {
            JsonNode message = input.get(i);
            String role = message.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw bad("messages." + i + ".role: Input should be 'user' or 'assistant'");
            }
            if (!message.has("content")) {
                throw bad("messages." + i + ".content: Field required");
            }
            messages.add(new ChatMessage(role, text(message.get("content"), "messages." + i + ".content")));
        }
        return new ChatRequest(model.asText(), List.copyOf(messages), maxTokens.asInt(), stops(root.get("stop_sequences")));
    }

    /** A string, or an array of content blocks whose text blocks are joined; other block types add no text. */
    private static String text(JsonNode content, String field) throws InvalidRequestException {
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw bad(field + ": Input should be a valid string or a list of content blocks");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            if (!block.path("type").isTextual()) {
                throw bad(field + "." + i + ".type: Field required");
            }
            if (block.get("type").asText().equals("text")) {
                if (!block.path("text").isTextual()) {
                    throw bad(field + "." + i + ".text: Field required");
                }
                text.append(text.length() == 0 ? "" : "\n").append(block.get("text").asText());
            }
        }
        return text.toString();
    }

    private static List<String> stops(JsonNode node) throws InvalidRequestException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw bad("stop_sequences: Input should be a valid list");
        }
        List<String> stops = new ArrayList<>();
        for (JsonNode stop : node) {
            if (!stop.isTextual()) {
                throw bad("stop_sequences: Input should be a list of strings");
            }
            if (!stop.asText().isEmpty()) {
                stops.add(stop.asText());
            }
        }
        return List.copyOf(stops);
    }

    private static InvalidRequestException bad(String message) {
        return InvalidRequestException.badRequest(message, null);
    }
}
