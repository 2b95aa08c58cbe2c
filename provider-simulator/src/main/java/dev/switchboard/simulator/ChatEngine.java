package dev.switchboard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;

/**
 * Answers one chat-completions body the way {@code POST /v1/chat/completions} would, but as a value rather than
 * an HTTP exchange: used for OpenAI batch lines. The answer text and usage equal the sync endpoint's for the
 * same body. Faults apply per line (decided from the line's {@code body} JSON): RATE_LIMIT becomes a 429 line,
 * SERVER_ERROR, TIMEOUT and MALFORMED_BODY a 500 line (batch infrastructure never relays a hung or broken
 * response), OVERLOADED a 503 line and MISSING_USAGE a 200 line without {@code usage}.
 */
final class ChatEngine {

    /** HTTP status and JSON body of one line, plus the tokens it used (0 for errors). */
    record Result(int status, JsonNode body, int promptTokens, int completionTokens) {
    }

    private final SimulatorConfig config;
    private final SimulatorStats stats;
    private final FaultPlan faultPlan;
    private final AnswerGenerator generator = new AnswerGenerator();
    private final ObjectMapper mapper;
    private final OpenAiJson json;
    private final Clock clock;

    ChatEngine(SimulatorConfig config, SimulatorStats stats, ObjectMapper mapper, Clock clock) {
        this.config = config;
        this.stats = stats;
        this.faultPlan = new FaultPlan(config.faults(), config.seed());
        this.mapper = mapper;
        this.json = new OpenAiJson(mapper);
        this.clock = clock;
    }

    Result run(JsonNode body) {
        byte[] bytes;
        ChatRequest request;
        try {
            bytes = mapper.writeValueAsBytes(body);
            request = ChatRequest.parse(bytes, mapper);
        } catch (InvalidRequestException e) {
            return error(e.status(), json.error(e.getMessage(), "invalid_request_error", e.param(), e.code()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (config.latencyOf(request.model()) == null) {
            return error(404, json.error("The model `" + request.model() + "` does not exist",
                    "invalid_request_error", "model", "model_not_found"));
        }
        stats.modelCalled(request.model());
        Optional<Fault> fault = faultPlan.decide(request.model(), bytes);
        fault.ifPresent(f -> stats.faultInjected(f.kind()));
        FaultKind kind = fault.map(Fault::kind).orElse(null);
        if (kind == FaultKind.RATE_LIMIT) {
            return error(429, json.error("Rate limit reached for " + request.model() + " (simulated).",
                    "rate_limit_error", null, "rate_limit_exceeded"));
        }
        if (kind == FaultKind.OVERLOADED) {
            return error(503, json.error(ChatCompletionsHandler.OVERLOADED_MESSAGE, "server_error", null,
                    "engine_overloaded"));
        }
        if (kind == FaultKind.SERVER_ERROR || kind == FaultKind.TIMEOUT || kind == FaultKind.MALFORMED_BODY) {
            return error(500, json.error(ChatCompletionsHandler.SERVER_ERROR_MESSAGE, "server_error", null, null));
        }
        AnswerGenerator.Answer answer = generator.answer(request);
        int promptTokens = TokenCounter.countPrompt(request.messages());
        byte[] completion = json.completion(request.model(), promptTokens, answer, clock.instant().getEpochSecond(),
                kind != FaultKind.MISSING_USAGE);
        return new Result(200, read(completion), promptTokens, answer.completionTokens());
    }

    private Result error(int status, byte[] body) {
        return new Result(status, read(body), 0, 0);
    }

    private JsonNode read(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
