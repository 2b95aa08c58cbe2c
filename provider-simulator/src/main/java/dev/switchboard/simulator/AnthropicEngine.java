package dev.switchboard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers one Anthropic Messages body as a value, shared by {@code POST /v1/messages} and message-batch
 * requests. Same deterministic answers and latency model as chat completions; input tokens are counted with
 * {@link TokenCounter#countPrompt(List)} over the system prompt and messages.
 *
 * <p>Faults: RATE_LIMIT → 429 {@code rate_limit_error} with {@code retry-after}; SERVER_ERROR → 500
 * {@code api_error}; OVERLOADED → 529 {@code overloaded_error}; MISSING_USAGE → message without usage.
 * TIMEOUT and MALFORMED_BODY are reported in {@link Outcome#fault()} for the HTTP handler to hold the request or
 * send a broken body; inside a batch (where nothing can hang or be truncated) they become 500 {@code api_error}.
 */
final class AnthropicEngine {

    static final String SERVER_ERROR_MESSAGE = "Internal server error";

    /** Status, JSON body (null only for a sync MALFORMED_BODY), delay, extra headers and the injected fault. */
    record Outcome(int status, ObjectNode body, Duration delay, Map<String, String> headers, FaultKind fault) {

        static Outcome error(int status, ObjectNode body) {
            return new Outcome(status, body, Duration.ZERO, Map.of(), null);
        }
    }

    private final SimulatorConfig config;
    private final SimulatorStats stats;
    private final FaultPlan faultPlan;
    private final AnswerGenerator generator = new AnswerGenerator();
    private final AnthropicJson json;

    AnthropicEngine(SimulatorConfig config, SimulatorStats stats, AnthropicJson json) {
        this.config = config;
        this.stats = stats;
        this.faultPlan = new FaultPlan(config.faults(), config.seed());
        this.json = json;
    }

    /**
     * @param root     the parsed request body
     * @param faultKey bytes the fault dice are rolled on (the raw body, or the params JSON in a batch)
     * @param inBatch  true for message-batch requests
     */
    Outcome run(JsonNode root, byte[] faultKey, String requestId, boolean inBatch) {
        ChatRequest request;
        try {
            request = AnthropicRequest.parse(root);
        } catch (InvalidRequestException e) {
            return Outcome.error(400, json.error("invalid_request_error", e.getMessage(), requestId));
        }
        ModelLatency latency = config.latencyOf(request.model());
        if (latency == null) {
            return Outcome.error(404, json.error("not_found_error", "model: " + request.model(), requestId));
        }
        stats.modelCalled(request.model());
        Optional<Fault> fault = faultPlan.decide(request.model(), faultKey);
        fault.ifPresent(f -> stats.faultInjected(f.kind()));
        FaultKind kind = fault.map(Fault::kind).orElse(null);
        if (kind == FaultKind.RATE_LIMIT) {
            long seconds = (fault.get().retryAfter().toMillis() + 999) / 1000;
            return new Outcome(429, json.error("rate_limit_error", "Number of requests has exceeded your rate limit "
                    + "(simulated). Please try again in " + seconds + "s.", requestId), Duration.ZERO,
                    Map.of("retry-after", Long.toString(seconds)), kind);
        }
        if (kind == FaultKind.OVERLOADED) {
            return Outcome.error(529, json.error("overloaded_error", "Overloaded", requestId));
        }
        if (kind == FaultKind.SERVER_ERROR
                || inBatch && (kind == FaultKind.TIMEOUT || kind == FaultKind.MALFORMED_BODY)) {
            return Outcome.error(500, json.error("api_error", SERVER_ERROR_MESSAGE, requestId));
        }
        if (kind == FaultKind.TIMEOUT) {
            return new Outcome(0, null, ChatCompletionsHandler.TIMEOUT_HOLD, Map.of(), kind);
        }
        AnswerGenerator.Answer answer = generator.answer(request);
        Duration delay = latency.totalFor(answer.completionTokens());
        if (kind == FaultKind.MALFORMED_BODY) {
            return new Outcome(200, null, delay, Map.of(), kind);
        }
        String stopSequence = matchedStop(request, answer);
        String stopReason = stopSequence != null ? "stop_sequence"
                : answer.finishReason().equals("length") ? "max_tokens" : "end_turn";
        ObjectNode message = json.message(request.model(), answer, stopReason, stopSequence,
                TokenCounter.countPrompt(request.messages()), kind != FaultKind.MISSING_USAGE,
                inBatch ? "batch" : "standard");
        return new Outcome(200, message, delay, Map.of(), kind);
    }

    /** The stop sequence that cut the answer, found by comparing with the answer generated without stops. */
    private String matchedStop(ChatRequest request, AnswerGenerator.Answer answer) {
        if (request.stop().isEmpty()) {
            return null;
        }
        String unstopped = generator.answer(new ChatRequest(request.model(), request.messages(),
                request.maxTokens(), List.of())).content();
        int cut = answer.content().length();
        if (cut >= unstopped.length()) {
            return null;
        }
        return request.stop().stream().filter(s -> unstopped.startsWith(s, cut)).findFirst().orElse(null);
    }
}
