package dev.switchboard.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an OpenAI chat-completions request the simulator honours, validated the way OpenAI does so
 * the gateway sees realistic 400s.
 *
 * @param maxTokens {@code max_completion_tokens} or the legacy {@code max_tokens}; null when absent
 */
record ChatRequest(String model, List<ChatMessage> messages, Integer maxTokens, List<String> stop) {

    static ChatRequest parse(byte[] body, ObjectMapper mapper) throws InvalidRequestException {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.badRequest("We could not parse the JSON body of your request.", null);
        } catch (java.io.IOException e) {
            throw InvalidRequestException.badRequest("Could not read the request body.", null);
        }
        if (root == null || !root.isObject()) {
            throw InvalidRequestException.badRequest("The request body must be a JSON object.", null);
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw InvalidRequestException.badRequest("you must provide a model parameter", "model");
        }
        JsonNode stream = root.get("stream");
        if (stream != null && stream.asBoolean(false)) {
            throw InvalidRequestException.badRequest("The simulator does not support stream=true.", "stream");
        }
        JsonNode temperature = root.get("temperature");
        if (temperature != null && !temperature.isNull()
                && (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 2)) {
            throw InvalidRequestException.badRequest("temperature must be a number between 0 and 2.", "temperature");
        }
        return new ChatRequest(model.asText(), messages(root.get("messages")), maxTokens(root), stop(root.get("stop")));
    }

    private static List<ChatMessage> messages(JsonNode node) throws InvalidRequestException {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw InvalidRequestException.badRequest(
                    "Missing required parameter: 'messages' must be a non-empty array.", "messages");
        }
        List<ChatMessage> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode message = node.get(i);
            JsonNode role = message.get("role");
            if (!message.isObject() || role == null || !role.isTextual()) {
                throw InvalidRequestException.badRequest(
                        "Missing required parameter: 'messages[" + i + "].role'.", "messages[" + i + "].role");
            }
            messages.add(new ChatMessage(role.asText(), content(message.get("content"), i)));
        }
        return List.copyOf(messages);
    }

    /** Content is a string, null (assistant tool calls) or an array of parts whose text parts we join. */
    private static String content(JsonNode content, int index) throws InvalidRequestException {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                JsonNode partText = part.get("text");
                if (partText != null && partText.isTextual()) {
                    text.append(text.length() == 0 ? "" : "\n").append(partText.asText());
                }
            }
            return text.toString();
        }
        throw InvalidRequestException.badRequest(
                "Invalid type for 'messages[" + index + "].content'.", "messages[" + index + "].content");
    }

    private static Integer maxTokens(JsonNode root) throws InvalidRequestException {
        String name = root.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1) {
            throw InvalidRequestException.badRequest(name + " must be a positive integer.", name);
        }
        return node.asInt();
    }

    private static List<String> stop(JsonNode node) throws InvalidRequestException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return node.asText().isEmpty() ? List.of() : List.of(node.asText());
        }
        if (node.isArray()) {
            List<String> stops = new ArrayList<>();
            for (JsonNode s : node) {
                if (!s.isTextual()) {
                    throw InvalidRequestException.badRequest("stop must be a string or an array of strings.", "stop");
                }
                if (!s.asText().isEmpty()) {
                    stops.add(s.asText());
                }
            }
            return List.copyOf(stops);
        }
        throw InvalidRequestException.badRequest("stop must be a string or an array of strings.", "stop");
    }
}
