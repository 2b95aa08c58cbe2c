package dev.switchboard.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes Anthropic wire shapes: the message object and the error envelope. */
final class AnthropicJson {

    private final ObjectMapper mapper;

    AnthropicJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code {"type":"error","error":{"type":..,"message":..},"request_id":..}}. */
    ObjectNode error(String type, String message, String requestId) {
        ObjectNode root = mapper.createObjectNode();
        root.put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        root.put("request_id", requestId);
        return root;
    }

    ObjectNode message(String model, AnswerGenerator.Answer answer, String stopReason, String stopSequence,
                       int inputTokens, boolean includeUsage, String serviceTier) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", "msg_sim_" + Long.toHexString(answer.hash()));
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model);
        root.putArray("content").addObject().put("type", "text").put("text", answer.content());
        root.put("stop_reason", stopReason);
        root.put("stop_sequence", stopSequence);
        if (includeUsage) {
            ObjectNode usage = root.putObject("usage");
            usage.put("input_tokens", inputTokens);
            usage.put("output_tokens", answer.completionTokens());
            usage.put("cache_creation_input_tokens", 0);
            usage.put("cache_read_input_tokens", 0);
            usage.put("service_tier", serviceTier);
        }
        return root;
    }
}
