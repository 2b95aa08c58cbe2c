package dev.switchboard.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}: validates, applies the fault plan, computes the whole answer right away
 * and leaves the simulated latency to the {@link ResponseScheduler}. The Authorization header is ignored and
 * never logged.
 */
final class ChatCompletionsHandler implements HttpHandler {

    static final Duration TIMEOUT_HOLD = Duration.ofMinutes(5);
    static final String SERVER_ERROR_MESSAGE = "The server had an error while processing your request";
    static final String OVERLOADED_MESSAGE = "The engine is currently overloaded, please try again later";
    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsHandler.class);
    private static final byte[] MALFORMED = "{\"id\":\"chatcmpl-sim-broken\",\"choices\":[{\"message\":<<truncated"
            .getBytes(StandardCharsets.UTF_8);

    private final SimulatorConfig config;
    private final SimulatorStats stats;
    private final FaultPlan faultPlan;
    private final AnswerGenerator generator = new AnswerGenerator();
    private final ObjectMapper mapper;
    private final OpenAiJson json;
    private final ResponseScheduler responses;
    private final Clock clock;

    ChatCompletionsHandler(SimulatorConfig config, SimulatorStats stats, ObjectMapper mapper,
                           ResponseScheduler responses, Clock clock) {
        this.config = config;
        this.stats = stats;
        this.faultPlan = new FaultPlan(config.faults(), config.seed());
        this.mapper = mapper;
        this.json = new OpenAiJson(mapper);
        this.responses = responses;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        stats.requestReceived();
        if (!"POST".equals(exchange.getRequestMethod())) {
            responses.send(exchange, SimulatedResponse.json(405, json.error(
                    "Only POST is supported on " + exchange.getRequestURI().getPath(), "invalid_request_error",
                    null, "method_not_allowed")).withHeaders(Map.of("Allow", "POST")));
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        ChatRequest request;
        try {
            request = ChatRequest.parse(body, mapper);
        } catch (InvalidRequestException e) {
            responses.send(exchange, SimulatedResponse.json(e.status(),
                    json.error(e.getMessage(), "invalid_request_error", e.param(), e.code())));
            return;
        }
        ModelLatency latency = config.latencyOf(request.model());
        if (latency == null) {
            responses.send(exchange, SimulatedResponse.json(404, json.error(
                    "The model `" + request.model() + "` does not exist", "invalid_request_error", "model",
                    "model_not_found")));
            return;
        }
        stats.modelCalled(request.model());
        Optional<Fault> fault = faultPlan.decide(request.model(), body);
        fault.ifPresent(f -> stats.faultInjected(f.kind()));
        LOG.debug("chat completion model={} messages={} fault={}", request.model(), request.messages().size(),
                fault.map(Fault::kind).orElse(null));
        if (fault.isPresent() && respondWithImmediateFault(exchange, fault.get())) {
            return;
        }
        AnswerGenerator.Answer answer = generator.answer(request);
        Duration delay = latency.totalFor(answer.completionTokens());
        if (fault.isPresent() && fault.get().kind() == FaultKind.MALFORMED_BODY) {
            responses.sendAfter(exchange, delay, new SimulatedResponse(200, SimulatedResponse.JSON, MALFORMED, Map.of()));
            return;
        }
        boolean includeUsage = fault.isEmpty() || fault.get().kind() != FaultKind.MISSING_USAGE;
        byte[] completion = json.completion(request.model(), TokenCounter.countPrompt(request.messages()), answer,
                clock.instant().getEpochSecond(), includeUsage);
        responses.sendAfter(exchange, delay, SimulatedResponse.json(200, completion));
    }

    /** Errors and timeouts happen before any generation, so they are answered (or held) without latency. */
    private boolean respondWithImmediateFault(HttpExchange exchange, Fault fault) {
        switch (fault.kind()) {
            case RATE_LIMIT -> {
                long millis = fault.retryAfter().toMillis();
                long seconds = (millis + 999) / 1000; // Retry-After is whole seconds: round up, never tell clients to come back early
                responses.send(exchange, SimulatedResponse.json(429, json.error(
                        "Rate limit reached for " + fault.model().replace(Fault.ANY_MODEL, "this model")
                                + " (simulated). Please try again in " + seconds + "s.",
                        "rate_limit_error", null, "rate_limit_exceeded"))
                        .withHeaders(Map.of("Retry-After", Long.toString(seconds),
                                "retry-after-ms", Long.toString(millis))));
                return true;
            }
            case SERVER_ERROR -> {
                responses.send(exchange, SimulatedResponse.json(500,
                        json.error(SERVER_ERROR_MESSAGE, "server_error", null, null)));
                return true;
            }
            case OVERLOADED -> {
                responses.send(exchange, SimulatedResponse.json(503,
                        json.error(OVERLOADED_MESSAGE, "server_error", null, "engine_overloaded")));
                return true;
            }
            case TIMEOUT -> {
                responses.hold(exchange, TIMEOUT_HOLD);
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
