package dev.switchboard.gateway.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.openai.CompletionJson;
import dev.switchboard.gateway.openai.OpenAiError;
import dev.switchboard.schemas.LlmResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's batch file formats, pure: input lines ({@code custom_id}, {@code method}, {@code url}, {@code body}) and
 * output lines ({@code id}, {@code custom_id}, {@code response: {status_code, request_id, body}}, {@code error}).
 */
public final class BatchLines {
    public static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchLines() {
    }

    /** One input line: a request body to run, or why it cannot run. */
    public record InputLine(int line, String customId, ObjectNode body, String problem) {
        public boolean valid() {
            return problem == null;
        }
    }

    public static List<InputLine> parse(String content) {
        List<InputLine> lines = new ArrayList<>();
        int number = 0;
        for (String text : content.split("\r?\n")) {
            if (text.isBlank()) {
                continue;
            }
            number++;
            lines.add(parseLine(number, text));
        }
        return lines;
    }

    private static InputLine parseLine(int number, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            return new InputLine(number, null, null, "line " + number + " is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            return new InputLine(number, null, null, "line " + number + " is not a JSON object");
        }
        String customId = node.path("custom_id").textValue();
        if (customId == null || customId.isBlank()) {
            return new InputLine(number, null, null, "line " + number + " has no custom_id");
        }
        String method = node.path("method").asText("POST");
        String url = node.path("url").asText("");
        if (!method.equalsIgnoreCase("POST") || !url.equals(CHAT_COMPLETIONS)) {
            return new InputLine(number, customId, null, "line " + number + ": only POST " + CHAT_COMPLETIONS + " is supported, got " + method + " " + url);
        }
        if (!node.path("body").isObject()) {
            return new InputLine(number, customId, null, "line " + number + " has no body object");
        }
        return new InputLine(number, customId, (ObjectNode) node.get("body"), null);
    }

    public static ObjectNode answered(String customId, LlmResponse answer) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("id", "batch_req_" + answer.getRequestId());
        line.put("custom_id", customId);
        ObjectNode response = line.putObject("response");
        response.put("status_code", 200);
        response.put("request_id", answer.getRequestId());
        response.set("body", CompletionJson.completion(answer));
        line.putNull("error");
        return line;
    }

    public static ObjectNode refused(String customId, String requestId, OpenAiError error) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("id", "batch_req_" + requestId);
        line.put("custom_id", customId);
        ObjectNode response = line.putObject("response");
        response.put("status_code", error.status());
        response.put("request_id", requestId);
        response.set("body", error.body());
        line.putNull("error");
        return line;
    }

    public static ObjectNode invalid(String batchId, BatchRecord.InvalidLine invalid) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("id", "batch_req_" + batchId + "-" + invalid.line());
        line.put("custom_id", invalid.customId());
        line.putNull("response");
        ObjectNode error = line.putObject("error");
        error.put("code", "invalid_request");
        error.put("message", invalid.message());
        return line;
    }
}
