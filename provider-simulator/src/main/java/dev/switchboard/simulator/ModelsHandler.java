package dev.switchboard.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}} for the configured models, in OpenAI list format. */
final class ModelsHandler implements HttpHandler {

    private static final String PREFIX = "/v1/models";

    private final SimulatorConfig config;
    private final OpenAiJson json;
    private final ResponseScheduler responses;
    private final long createdEpochSeconds;

    ModelsHandler(SimulatorConfig config, OpenAiJson json, ResponseScheduler responses, long createdEpochSeconds) {
        this.config = config;
        this.json = json;
        this.responses = responses;
        this.createdEpochSeconds = createdEpochSeconds;
    }

    @Override
    public void handle(HttpExchange exchange) {
        if (!"GET".equals(exchange.getRequestMethod())) {
            responses.send(exchange, SimulatedResponse.json(405, json.error("Only GET is supported on /v1/models",
                    "invalid_request_error", null, "method_not_allowed")));
            return;
        }
        String rest = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
        if (rest.isEmpty() || rest.equals("/")) {
            responses.send(exchange, SimulatedResponse.json(200,
                    json.modelList(config.models().keySet(), createdEpochSeconds)));
            return;
        }
        // Model ids contain '/', e.g. sim/small, so everything after the prefix is the id.
        String id = URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8);
        if (config.latencyOf(id) == null) {
            responses.send(exchange, SimulatedResponse.json(404, json.error(
                    "The model `" + id + "` does not exist", "invalid_request_error", "model", "model_not_found")));
            return;
        }
        responses.send(exchange, SimulatedResponse.json(200, json.singleModel(id, createdEpochSeconds)));
    }
}
