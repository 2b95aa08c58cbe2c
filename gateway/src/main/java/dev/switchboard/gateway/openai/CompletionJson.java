package dev.switchboard.gateway.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An OK answer in OpenAI's chat-completion shapes: the whole {@code chat.completion}, or the {@code chat.completion.chunk}
 * objects of a stream. Switchboard's facts go in a {@code switchboard} extension field and in response headers. Pure.
 */
public final class CompletionJson {
    public static final String EXTENSION = "switchboard";
    public static final String HEADER_REQUEST_ID = "x-switchboard-request-id";
    public static final String HEADER_MODEL = "x-switchboard-model";
    public static final String HEADER_COST = "x-switchboard-cost-usd";
    public static final String HEADER_CACHE = "x-switchboard-cache";
    public static final String HEADER_ROUTE = "x-switchboard-route";
    public static final String HEADER_TIER = "x-switchboard-tier";
    /** Characters per streamed content chunk: the pipeline answers whole, the stream replays it in pieces. */
    static final int CHUNK_CHARS = 24;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CompletionJson() {
    }

    public static ObjectNode completion(LlmResponse answer) {
        ObjectNode root = header(answer, "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", answer.getContent() == null ? "" : answer.getContent());
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(answer));
        root.set("usage", usage(answer.getUsage()));
        root.set(EXTENSION, facts(answer));
        return root;
    }

    /**
     * The first chunk of a stream, sent before the pipeline answers: the role, under the request's id and the model
     * asked for (later chunks name the model that answered).
     */
    public static ObjectNode roleChunk(String requestId, String requestedModel, long createdEpochSeconds) {
        ObjectNode root = JSON.objectNode();
        root.put("id", "chatcmpl-" + requestId);
        root.put("object", "chat.completion.chunk");
        root.put("created", createdEpochSeconds);
        root.put("model", requestedModel == null ? "auto" : requestedModel);
        root.putNull("system_fingerprint");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta").put("role", "assistant").put("content", "");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return root;
    }

    /**
     * The chunks after the role, without the closing {@code [DONE]}: content pieces, the finish reason with
     * Switchboard's facts, then usage if asked. The pipeline answers whole (workers call providers without streaming),
     * so the pieces are the finished answer cut up, sent as soon as it arrives.
     */
    public static List<ObjectNode> answerChunks(LlmResponse answer, boolean includeUsage) {
        List<ObjectNode> chunks = new ArrayList<>();
        String content = answer.getContent() == null ? "" : answer.getContent();
        for (int start = 0; start < content.length(); start += CHUNK_CHARS) {
            String piece = content.substring(start, Math.min(content.length(), start + CHUNK_CHARS));
            chunks.add(chunk(answer, delta -> delta.put("content", piece), null));
        }
        ObjectNode last = chunk(answer, delta -> { }, finishReason(answer));
        last.set(EXTENSION, facts(answer));
        chunks.add(last);
        if (includeUsage) {
            ObjectNode usage = header(answer, "chat.completion.chunk");
            usage.putArray("choices");
            usage.set("usage", usage(answer.getUsage()));
            chunks.add(usage);
        }
        return chunks;
    }

    /** The facts also sent as headers, so a caller that reads only headers sees them. */
    public static Map<String, String> headers(LlmResponse answer) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HEADER_REQUEST_ID, answer.getRequestId());
        if (answer.getModel() != null) {
            headers.put(HEADER_MODEL, answer.getModel());
        }
        headers.put(HEADER_COST, answer.getCost().stripTrailingZeros().toPlainString());
        headers.put(HEADER_CACHE, answer.getCache().getOutcome().name().toLowerCase(Locale.ROOT));
        if (answer.getRoute().getStrategy() != null) {
            headers.put(HEADER_ROUTE, answer.getRoute().getStrategy());
        }
        if (answer.getRoute().getTier() != null) {
            headers.put(HEADER_TIER, answer.getRoute().getTier());
        }
        return headers;
    }

    public static ObjectNode facts(LlmResponse answer) {
        ObjectNode facts = JSON.objectNode();
        facts.put("request_id", answer.getRequestId());
        facts.put("status", answer.getStatus().name());
        facts.put("model", answer.getModel());
        facts.put("provider", answer.getProvider());
        facts.put("cost_usd", answer.getCost().stripTrailingZeros().toPlainString());
        facts.put("baseline_model", answer.getBaselineModel());
        facts.put("baseline_cost_usd", answer.getBaselineCost().stripTrailingZeros().toPlainString());
        ObjectNode cache = facts.putObject("cache");
        cache.put("outcome", answer.getCache().getOutcome().name().toLowerCase(Locale.ROOT));
        if (answer.getCache().getSimilarity() != null) {
            cache.put("similarity", answer.getCache().getSimilarity());
        }
        cache.put("source_request_id", answer.getCache().getSourceRequestId());
        cache.put("cost_saved_usd", answer.getCache().getCostSaved().stripTrailingZeros().toPlainString());
        ObjectNode route = facts.putObject("route");
        route.put("requested_model", answer.getRoute().getRequestedModel());
        route.put("strategy", answer.getRoute().getStrategy());
        route.put("reason", answer.getRoute().getReason());
        route.put("tier", answer.getRoute().getTier());
        route.put("attempt", answer.getRoute().getAttempt());
        ArrayNode tried = route.putArray("models_tried");
        answer.getRoute().getModelsTried().forEach(tried::add);
        ObjectNode latency = facts.putObject("latency_ms");
        latency.put("queue", answer.getLatency().getQueueMs());
        latency.put("provider", answer.getLatency().getProviderMs());
        latency.put("total", answer.getLatency().getTotalMs());
        facts.put("simulated", answer.getSimulated());
        return facts;
    }

    private static ObjectNode header(LlmResponse answer, String object) {
        ObjectNode root = JSON.objectNode();
        root.put("id", "chatcmpl-" + answer.getRequestId());
        root.put("object", object);
        root.put("created", answer.getCompletedAt().getEpochSecond());
        root.put("model", answer.getModel() == null ? "unknown" : answer.getModel());
        root.putNull("system_fingerprint");
        return root;
    }

    private static ObjectNode chunk(LlmResponse answer, Consumer<ObjectNode> delta, String finishReason) {
        ObjectNode root = header(answer, "chat.completion.chunk");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        delta.accept(choice.putObject("delta"));
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return root;
    }

    private static String finishReason(LlmResponse answer) {
        return answer.getFinishReason() == null ? "stop" : answer.getFinishReason();
    }

    static ObjectNode usage(Usage usage) {
        ObjectNode node = JSON.objectNode();
        node.put("prompt_tokens", usage.getInputTokens());
        node.put("completion_tokens", usage.getOutputTokens());
        node.put("total_tokens", usage.getInputTokens() + usage.getOutputTokens());
        node.putObject("prompt_tokens_details").put("cached_tokens", usage.getCachedInputTokens());
        node.putObject("completion_tokens_details").put("reasoning_tokens", usage.getReasoningTokens());
        return node;
    }
}
