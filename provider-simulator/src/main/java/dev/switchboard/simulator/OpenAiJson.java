package dev.switchboard.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Collection;

/** Writes the OpenAI wire shapes (chat.completion, list of models, error envelope) the gateway parses. */
final class OpenAiJson {

    static final String SYSTEM_FINGERPRINT = "switchboard-simulator";
    static final String OWNER = "switchboard-simulator";

    private final ObjectMapper mapper;

    OpenAiJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] completion(String model, int promptTokens, AnswerGenerator.Answer answer, long createdEpochSeconds,
                      boolean includeUsage) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", "chatcmpl-sim-" + Long.toHexString(answer.hash()));
        root.put("object", "chat.completion");
        root.put("created", createdEpochSeconds);
        root.put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", answer.content());
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", answer.finishReason());
        if (includeUsage) {
            ObjectNode usage = root.putObject("usage");
            usage.put("prompt_tokens", promptTokens);
            usage.put("completion_tokens", answer.completionTokens());
            usage.put("total_tokens", promptTokens + answer.completionTokens());
            usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
            usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
        }
        root.put("system_fingerprint", SYSTEM_FINGERPRINT);
        return write(root);
    }

    byte[] modelList(Collection<String> models, long createdEpochSeconds) {
        ObjectNode root = mapper.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        models.forEach(id -> data.add(model(id, createdEpochSeconds)));
        return write(root);
    }

    byte[] singleModel(String id, long createdEpochSeconds) {
        return write(model(id, createdEpochSeconds));
    }

    byte[] error(String message, String type, String param, String code) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return write(root);
    }

    private ObjectNode model(String id, long createdEpochSeconds) {
        ObjectNode model = mapper.createObjectNode();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", createdEpochSeconds);
        model.put("owned_by", OWNER);
        return model;
    }

    byte[] write(com.fasterxml.jackson.databind.JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // cannot happen for a tree of plain nodes
        }
    }
}
