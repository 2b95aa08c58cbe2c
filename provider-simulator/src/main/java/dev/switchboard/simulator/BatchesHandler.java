package dev.switchboard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAI Batch API: {@code POST /v1/batches}, {@code GET /v1/batches}, {@code GET /v1/batches/{id}} and
 * {@code POST /v1/batches/{id}/cancel}. Only the {@code /v1/chat/completions} endpoint is simulated.
 *
 * <p>Input lines are validated when the batch is created (a bad line fails the whole batch with
 * {@code errors.data[].line}, like OpenAI). On completion every line is answered by {@link ChatEngine}. The
 * output file holds <em>one line per input line</em>, in input order, including non-200 lines (unknown model
 * → 404, faults → 429/500/503), so callers can match every custom_id in one place; the lines that did not get
 * a 200 are additionally written to {@code error_file_id} (null when none failed).
 */
final class BatchesHandler implements HttpHandler {

    static final String PREFIX = "/v1/batches";
    static final String CHAT_ENDPOINT = "/v1/chat/completions";

    private final SimulatorConfig config;
    private final SimulatorStats stats;
    private final BatchStore store;
    private final ChatEngine engine;
    private final ObjectMapper mapper;
    private final OpenAiJson json;
    private final ResponseScheduler responses;
    private final Clock clock;

    BatchesHandler(SimulatorConfig config, SimulatorStats stats, BatchStore store, ChatEngine engine,
                   ObjectMapper mapper, ResponseScheduler responses, Clock clock) {
        this.config = config;
        this.stats = stats;
        this.store = store;
        this.engine = engine;
        this.mapper = mapper;
        this.json = new OpenAiJson(mapper);
        this.responses = responses;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Optional<List<String>> segments = Exchanges.segments(exchange, PREFIX);
        String method = exchange.getRequestMethod();
        List<String> path = segments.orElse(List.of("", "", ""));
        if (path.isEmpty() && method.equals("POST")) {
            create(exchange, Exchanges.body(exchange));
        } else if (path.isEmpty() && method.equals("GET")) {
            ObjectNode list = mapper.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            store.batches().forEach(b -> data.add(current(b)));
            list.put("first_id", data.isEmpty() ? null : data.get(0).path("id").asText());
            list.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).path("id").asText());
            list.put("has_more", false);
            send(exchange, 200, json.write(list));
        } else if (path.size() == 1 && method.equals("GET")) {
            withBatch(exchange, path.get(0), b -> send(exchange, 200, json.write(current(b))));
        } else if (path.size() == 2 && path.get(1).equals("cancel") && method.equals("POST")) {
            withBatch(exchange, path.get(0), b -> {
                current(b);
                if (b.cancel(clock.instant())) {
                    send(exchange, 200, json.write(b.toJson(mapper)));
                } else {
                    send(exchange, 409, json.error("Cannot cancel a batch with status '" + b.status() + "'.",
                            "invalid_request_error", null, null));
                }
            });
        } else if (path.size() <= 2 && segments.isPresent()) {
            send(exchange, 405, json.error("Method " + method + " is not supported on "
                    + exchange.getRequestURI().getPath(), "invalid_request_error", null, "method_not_allowed"));
        } else {
            send(exchange, 404, json.error("Invalid URL (" + method + " " + exchange.getRequestURI().getPath() + ")",
                    "invalid_request_error", null, null));
        }
    }

    private void create(HttpExchange exchange, byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            send(exchange, 400, json.error("We could not parse the JSON body of your request.",
                    "invalid_request_error", null, null));
            return;
        }
        for (String required : List.of("input_file_id", "endpoint", "completion_window")) {
            if (!root.path(required).isTextual()) {
                send(exchange, 400, json.error("Missing required parameter: '" + required + "'.",
                        "invalid_request_error", required, null));
                return;
            }
        }
        String endpoint = root.get("endpoint").asText();
        if (!endpoint.equals(CHAT_ENDPOINT)) {
            send(exchange, 400, json.error("Invalid endpoint '" + endpoint + "': the simulator supports only "
                    + CHAT_ENDPOINT + ".", "invalid_request_error", "endpoint", null));
            return;
        }
        if (!root.get("completion_window").asText().equals("24h")) {
            send(exchange, 400, json.error("Invalid completion_window: only '24h' is supported.",
                    "invalid_request_error", "completion_window", null));
            return;
        }
        String fileId = root.get("input_file_id").asText();
        Optional<BatchStore.StoredFile> file = store.file(fileId);
        if (file.isEmpty() || !file.get().purpose().equals("batch")) {
            send(exchange, file.isEmpty() ? 404 : 400, json.error(file.isEmpty() ? "No such File object: " + fileId
                            : "File " + fileId + " was not uploaded with purpose 'batch'.",
                    "invalid_request_error", "input_file_id", null));
            return;
        }
        List<OpenAiBatch.InputLine> lines = new ArrayList<>();
        List<ObjectNode> errors = validate(file.get().content(), lines);
        OpenAiBatch batch = new OpenAiBatch(BatchStore.newId("batch_"), fileId, endpoint, root.get("metadata"),
                clock.instant(), config.batchCompletion(), store.nextSequence(), lines, errors);
        store.add(batch);
        stats.batchCreated();
        send(exchange, 200, json.write(batch.toJson(mapper)));
    }

    private List<ObjectNode> validate(byte[] content, List<OpenAiBatch.InputLine> lines) {
        List<ObjectNode> errors = new ArrayList<>();
        Set<String> customIds = new HashSet<>();
        List<Jsonl.Line> raw = Jsonl.lines(content);
        if (raw.isEmpty()) {
            errors.add(lineError("empty_file", "The input file contains no requests.", null));
        }
        for (Jsonl.Line line : raw) {
            JsonNode node;
            try {
                node = mapper.readTree(line.text());
            } catch (IOException e) {
                node = null;
            }
            String problem;
            String code;
            if (node == null || !node.isObject()) {
                code = "invalid_json_line";
                problem = "This line is not parseable as valid JSON.";
            } else if (!node.path("custom_id").isTextual() || node.get("custom_id").asText().isEmpty()) {
                code = "missing_required_parameter";
                problem = "Missing required parameter: 'custom_id'.";
            } else if (!customIds.add(node.get("custom_id").asText())) {
                code = "duplicate_custom_id";
                problem = "The custom_id for this request is a duplicate of another request.";
            } else if (!"POST".equals(node.path("method").asText())) {
                code = "invalid_method";
                problem = "Invalid method: only POST is supported.";
            } else if (!CHAT_ENDPOINT.equals(node.path("url").asText())) {
                code = "mismatched_endpoint";
                problem = "The provided URL does not match the batch endpoint " + CHAT_ENDPOINT + ".";
            } else if (!node.path("body").isObject()) {
                code = "missing_required_parameter";
                problem = "Missing required parameter: 'body'.";
            } else {
                lines.add(new OpenAiBatch.InputLine(node.get("custom_id").asText(), node.get("body")));
                continue;
            }
            errors.add(lineError(code, problem, line.number()));
        }
        return errors;
    }

    private ObjectNode lineError(String code, String message, Integer line) {
        ObjectNode error = mapper.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        error.putNull("param");
        error.put("line", line);
        return error;
    }

    private ObjectNode current(OpenAiBatch batch) {
        batch.advance(clock.instant(), this::process);
        return batch.toJson(mapper);
    }

    private OpenAiBatch.Outcome process(OpenAiBatch batch) {
        List<ObjectNode> output = new ArrayList<>();
        List<ObjectNode> failedLines = new ArrayList<>();
        long inputTokens = 0;
        long outputTokens = 0;
        for (OpenAiBatch.InputLine line : batch.lines()) {
            stats.batchLineCalled();
            ChatEngine.Result result = engine.run(line.body());
            ObjectNode out = mapper.createObjectNode();
            out.put("id", BatchStore.newId("batch_req_"));
            out.put("custom_id", line.customId());
            ObjectNode response = out.putObject("response");
            response.put("status_code", result.status());
            response.put("request_id", BatchStore.newId("req_"));
            response.set("body", result.body());
            out.putNull("error");
            output.add(out);
            if (result.status() != 200) {
                failedLines.add(out);
            }
            inputTokens += result.promptTokens();
            outputTokens += result.completionTokens();
        }
        long now = clock.instant().getEpochSecond();
        String outputId = store.addFile(batch.id() + "_output.jsonl", "batch_output",
                Jsonl.write(mapper, output), now).id();
        String errorId = failedLines.isEmpty() ? null : store.addFile(batch.id() + "_error.jsonl", "batch_output",
                Jsonl.write(mapper, failedLines), now).id();
        return new OpenAiBatch.Outcome(outputId, errorId, output.size() - failedLines.size(), failedLines.size(),
                inputTokens, outputTokens);
    }

    private void withBatch(HttpExchange exchange, String id, java.util.function.Consumer<OpenAiBatch> action) {
        store.batch(id).ifPresentOrElse(action, () -> send(exchange, 404, json.error(
                "No batch found with id '" + id + "'.", "invalid_request_error", "batch_id", null)));
    }

    private void send(HttpExchange exchange, int status, byte[] body) {
        responses.send(exchange, SimulatedResponse.json(status, body));
    }
}
