package dev.switchboard.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Anthropic Message Batches API: {@code POST /v1/messages/batches}, {@code GET /v1/messages/batches},
 * {@code GET /v1/messages/batches/{id}}, {@code POST .../{id}/cancel}, {@code GET .../{id}/results} (JSONL,
 * once ended) and {@code DELETE .../{id}} (once ended). Like Anthropic, the envelope (custom ids, params being
 * objects) is validated at creation while each request's params are validated when it is processed, so an
 * invalid request yields an {@code errored} result rather than failing the batch. Requires
 * {@code anthropic-version}.
 */
final class MessageBatchesHandler implements HttpHandler {

    static final String PREFIX = "/v1/messages/batches";
    static final String JSONL = "application/x-jsonl";
    private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private final SimulatorConfig config;
    private final SimulatorStats stats;
    private final BatchStore store;
    private final AnthropicEngine engine;
    private final AnthropicJson json;
    private final ObjectMapper mapper;
    private final ResponseScheduler responses;
    private final Clock clock;
    private final String root;

    /** @param root scheme, host and port, e.g. {@code http://127.0.0.1:PORT}, for {@code results_url} */
    MessageBatchesHandler(SimulatorConfig config, SimulatorStats stats, BatchStore store, AnthropicEngine engine,
                          AnthropicJson json, ObjectMapper mapper, ResponseScheduler responses, Clock clock,
                          String root) {
        this.config = config;
        this.stats = stats;
        this.store = store;
        this.engine = engine;
        this.json = json;
        this.mapper = mapper;
        this.responses = responses;
        this.clock = clock;
        this.root = root;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = BatchStore.newId("req_sim_");
        Optional<List<String>> segments = Exchanges.segments(exchange, PREFIX);
        String method = exchange.getRequestMethod();
        if (segments.isEmpty() || segments.get().size() > 2) {
            send(exchange, requestId, 404, json.error("not_found_error", "Not found", requestId));
            return;
        }
        if (!MessagesHandler.hasVersion(exchange)) {
            send(exchange, requestId, 400, MessagesHandler.versionMissing(json, requestId));
            return;
        }
        List<String> path = segments.get();
        if (path.isEmpty() && method.equals("POST")) {
            create(exchange, requestId, Exchanges.body(exchange));
        } else if (path.isEmpty() && method.equals("GET")) {
            ObjectNode list = mapper.createObjectNode();
            ArrayNode data = list.putArray("data");
            store.messageBatches().forEach(b -> data.add(current(b)));
            list.put("has_more", false);
            list.put("first_id", data.isEmpty() ? null : data.get(0).path("id").asText());
            list.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).path("id").asText());
            send(exchange, requestId, 200, list);
        } else if (path.isEmpty()) {
            notAllowed(exchange, requestId, method);
        } else {
            Optional<MessageBatch> batch = store.messageBatch(path.get(0));
            if (batch.isEmpty()) {
                send(exchange, requestId, 404, json.error("not_found_error",
                        "Message batch " + path.get(0) + " not found", requestId));
                return;
            }
            onBatch(exchange, requestId, method, path.size() == 2 ? path.get(1) : "", batch.get());
        }
    }

    private void onBatch(HttpExchange exchange, String requestId, String method, String action, MessageBatch batch)
            throws IOException {
        if (action.isEmpty() && method.equals("GET")) {
            send(exchange, requestId, 200, current(batch));
        } else if (action.isEmpty() && method.equals("DELETE")) {
            current(batch);
            if (!batch.ended()) {
                send(exchange, requestId, 400, json.error("invalid_request_error", "Message batch " + batch.id()
                        + " cannot be deleted while it is in progress; cancel it first.", requestId));
                return;
            }
            store.deleteMessageBatch(batch.id());
            send(exchange, requestId, 200, mapper.createObjectNode().put("id", batch.id())
                    .put("type", "message_batch_deleted"));
        } else if (action.equals("cancel") && method.equals("POST")) {
            current(batch);
            batch.cancel(clock.instant());
            send(exchange, requestId, 200, batch.toJson(mapper, resultsUrl(batch)));
        } else if (action.equals("results") && method.equals("GET")) {
            current(batch);
            Optional<byte[]> results = batch.results();
            if (results.isEmpty()) {
                send(exchange, requestId, 400, json.error("invalid_request_error", "Message batch " + batch.id()
                        + " is still processing; results are available once it has ended.", requestId));
                return;
            }
            responses.send(exchange, new SimulatedResponse(200, JSONL, results.get(), Map.of("request-id", requestId)));
        } else if (action.isEmpty() || action.equals("cancel") || action.equals("results")) {
            notAllowed(exchange, requestId, method);
        } else {
            send(exchange, requestId, 404, json.error("not_found_error", "Not found", requestId));
        }
    }

    private void create(HttpExchange exchange, String requestId, byte[] body) throws IOException {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        List<MessageBatch.Request> requests = new ArrayList<>();
        String problem = root == null || !root.isObject()
                ? "There was an error parsing the body of your request: not a JSON object"
                : envelopeProblem(root.get("requests"), requests);
        if (problem != null) {
            send(exchange, requestId, 400, json.error("invalid_request_error", problem, requestId));
            return;
        }
        MessageBatch batch = new MessageBatch(BatchStore.newId("msgbatch_sim_"), clock.instant(),
                config.batchCompletion(), store.nextSequence(), requests);
        store.add(batch);
        stats.batchCreated();
        send(exchange, requestId, 200, batch.toJson(mapper, resultsUrl(batch)));
    }

    private static String envelopeProblem(JsonNode node, List<MessageBatch.Request> requests) {
        if (node == null || !node.isArray()) {
            return "requests: Field required";
        }
        if (node.isEmpty()) {
            return "requests: List should have at least 1 item after validation, not 0";
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode request = node.get(i);
            String customId = request.path("custom_id").asText("");
            if (!request.path("custom_id").isTextual() || !CUSTOM_ID.matcher(customId).matches()) {
                return "requests." + i + ".custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'";
            }
            if (!ids.add(customId)) {
                return "requests: custom_id '" + customId + "' is used more than once; custom ids must be unique";
            }
            if (!request.path("params").isObject()) {
                return "requests." + i + ".params: Field required";
            }
            requests.add(new MessageBatch.Request(customId, request.get("params")));
        }
        return null;
    }

    private ObjectNode current(MessageBatch batch) {
        batch.advance(clock.instant(), this::process);
        return batch.toJson(mapper, resultsUrl(batch));
    }

    private MessageBatch.Outcome process(MessageBatch batch, boolean canceled) {
        List<ObjectNode> lines = new ArrayList<>();
        int succeeded = 0;
        int errored = 0;
        for (MessageBatch.Request request : batch.requests()) {
            ObjectNode line = mapper.createObjectNode().put("custom_id", request.customId());
            ObjectNode result = line.putObject("result");
            if (canceled) {
                result.put("type", "canceled");
            } else {
                stats.batchLineCalled();
                AnthropicEngine.Outcome outcome = engine.run(request.params(), bytes(request.params()),
                        BatchStore.newId("req_sim_"), true);
                if (outcome.status() == 200) {
                    result.put("type", "succeeded").set("message", outcome.body());
                    succeeded++;
                } else {
                    result.put("type", "errored").set("error", outcome.body());
                    errored++;
                }
            }
            lines.add(line);
        }
        return new MessageBatch.Outcome(Jsonl.write(mapper, lines), succeeded, errored,
                canceled ? batch.requests().size() : 0);
    }

    private byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String resultsUrl(MessageBatch batch) {
        return root + PREFIX + "/" + batch.id() + "/results";
    }

    private void notAllowed(HttpExchange exchange, String requestId, String method) throws IOException {
        send(exchange, requestId, 405, json.error("invalid_request_error", "Method " + method + " not allowed",
                requestId));
    }

    private void send(HttpExchange exchange, String requestId, int status, JsonNode body) throws IOException {
        responses.send(exchange, SimulatedResponse.json(status, mapper.writeValueAsBytes(body))
                .withHeaders(Map.of("request-id", requestId)));
    }
}
