package dev.switchboard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anthropic Messages API: {@code POST /v1/messages} and {@code POST /v1/messages/count_tokens}. Requires the
 * {@code anthropic-version} header (any value); {@code x-api-key} is accepted, ignored and never logged. Every
 * response carries a {@code request-id} header. See {@link AnthropicEngine} for answers and faults.
 */
final class MessagesHandler implements HttpHandler {

    static final String PREFIX = "/v1/messages";
    static final String VERSION_HEADER = "anthropic-version";
    private static final Logger LOG = LoggerFactory.getLogger(MessagesHandler.class);
    private static final byte[] MALFORMED = "{\"id\":\"msg_sim_broken\",\"type\":\"message\",\"content\":[<<truncated"
            .getBytes(StandardCharsets.UTF_8);

    private final SimulatorStats stats;
    private final AnthropicEngine engine;
    private final AnthropicJson json;
    private final ObjectMapper mapper;
    private final ResponseScheduler responses;

    MessagesHandler(SimulatorStats stats, AnthropicEngine engine, AnthropicJson json, ObjectMapper mapper,
                    ResponseScheduler responses) {
        this.stats = stats;
        this.engine = engine;
        this.json = json;
        this.mapper = mapper;
        this.responses = responses;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = BatchStore.newId("req_sim_");
        Optional<List<String>> path = Exchanges.segments(exchange, PREFIX);
        boolean messages = path.isPresent() && path.get().isEmpty();
        boolean countTokens = path.isPresent() && path.get().equals(List.of("count_tokens"));
        if (!messages && !countTokens) {
            send(exchange, requestId, 404, json.error("not_found_error", "Not found", requestId), Map.of());
            return;
        }
        if (messages) {
            stats.messagesRequestReceived();
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, requestId, 405, json.error("invalid_request_error", "Method "
                    + exchange.getRequestMethod() + " not allowed", requestId), Map.of("Allow", "POST"));
            return;
        }
        if (!hasVersion(exchange)) {
            send(exchange, requestId, 400, versionMissing(json, requestId), Map.of());
            return;
        }
        byte[] body = Exchanges.body(exchange);
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            send(exchange, requestId, 400, json.error("invalid_request_error",
                    "There was an error parsing the body of your request: not valid JSON", requestId), Map.of());
            return;
        }
        if (countTokens) {
            countTokens(exchange, requestId, root);
            return;
        }
        AnthropicEngine.Outcome outcome = engine.run(root, body, requestId, false);
        LOG.debug("anthropic message status={} fault={}", outcome.status(), outcome.fault());
        if (outcome.fault() == FaultKind.TIMEOUT && outcome.body() == null) {
            responses.hold(exchange, outcome.delay());
            return;
        }
        Map<String, String> headers = new HashMap<>(outcome.headers());
        headers.put("request-id", requestId);
        byte[] bytes = outcome.body() == null ? MALFORMED : mapper.writeValueAsBytes(outcome.body());
        responses.sendAfter(exchange, outcome.delay(),
                SimulatedResponse.json(outcome.status(), bytes).withHeaders(headers));
    }

    /** Token counting never generates, so it has no latency and no faults. */
    private void countTokens(HttpExchange exchange, String requestId, JsonNode root) throws IOException {
        ChatRequest request;
        try {
            if (root != null && root.isObject() && !root.has("max_tokens")) {
                root = ((com.fasterxml.jackson.databind.node.ObjectNode) root.deepCopy()).put("max_tokens", 1);
            }
            request = AnthropicRequest.parse(root);
        } catch (InvalidRequestException e) {
            send(exchange, requestId, 400, json.error("invalid_request_error", e.getMessage(), requestId), Map.of());
            return;
        }
        send(exchange, requestId, 200, mapper.createObjectNode()
                .put("input_tokens", TokenCounter.countPrompt(request.messages())), Map.of());
    }

    static boolean hasVersion(HttpExchange exchange) {
        String version = exchange.getRequestHeaders().getFirst(VERSION_HEADER);
        return version != null && !version.isBlank();
    }

    static JsonNode versionMissing(AnthropicJson json, String requestId) {
        return json.error("invalid_request_error", VERSION_HEADER + ": header is required", requestId);
    }

    private void send(HttpExchange exchange, String requestId, int status, JsonNode body,
                      Map<String, String> headers) throws IOException {
        Map<String, String> all = new HashMap<>(headers);
        all.put("request-id", requestId);
        responses.send(exchange, SimulatedResponse.json(status, mapper.writeValueAsBytes(body)).withHeaders(all));
    }
}
