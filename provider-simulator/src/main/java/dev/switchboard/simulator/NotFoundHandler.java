package dev.switchboard.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** Any other path: an OpenAI-style 404 so clients misconfigured with a wrong base URL get a clear error. */
final class NotFoundHandler implements HttpHandler {

    private final OpenAiJson json;
    private final ResponseScheduler responses;

    NotFoundHandler(OpenAiJson json, ResponseScheduler responses) {
        this.json = json;
        this.responses = responses;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        responses.send(exchange, SimulatedResponse.json(404, json.error(
                "Invalid URL (" + exchange.getRequestMethod() + " " + path + ")", "invalid_request_error",
                null, null)));
    }
}
