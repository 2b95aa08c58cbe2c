package dev.switchboard.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.schemas.Tier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Any OpenAI-compatible endpoint under load: {@code POST <base>/chat/completions}, one call per request, answered
 * when the whole response body is in. Used for Switchboard's front door and for a peer gateway in front of the same
 * simulator, with the same HTTP client, so the two differ only in what serves the call.
 */
final class OpenAiHttpTarget implements BenchTarget {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI chatCompletions;
    private final Map<String, String> headers;
    private final BenchSettings settings;
    private final AnswerTracker tracker;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** @param headers sent with every call (the peer's provider settings, Switchboard's options) */
    OpenAiHttpTarget(String name, URI baseUri, Map<String, String> headers, BenchSettings settings, AnswerTracker tracker) {
        this.name = name;
        this.chatCompletions = URI.create(baseUri + "/chat/completions");
        this.headers = Map.copyOf(headers);
        this.settings = settings;
        this.tracker = tracker;
    }

    /** Switchboard's gateway: tenant, tier, request id and cache choice as its headers. */
    static OpenAiHttpTarget gateway(URI baseUri, BenchSettings settings, AnswerTracker tracker) {
        return new OpenAiHttpTarget("gateway-http", baseUri, Map.of("x-switchboard-tenant", settings.tenant(),
                "x-switchboard-no-cache", String.valueOf(!settings.cache())), settings, tracker);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(String requestId, Tier tier, String prompt, long submittedAtMillis) {
        ObjectNode body = JSON.createObjectNode().put("model", settings.model()).put("max_tokens", settings.maxTokens()).put("temperature", 0.0);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        HttpRequest.Builder request = HttpRequest.newBuilder(chatCompletions).timeout(settings.drainTimeout())
                .header("Content-Type", "application/json").header("Authorization", "Bearer sk-bench")
                .header("x-switchboard-request-id", requestId).header("x-switchboard-tier", tier.name().toLowerCase(Locale.ROOT))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        headers.forEach(request::header);
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> tracker.answered(requestId,
                new AnswerTracker.Answer(error != null ? error.getClass().getSimpleName() : response.statusCode() == 200 ? BenchRow.OK
                        : "HTTP_" + response.statusCode(), -1, System.nanoTime())));
    }

    @Override
    public void flush() {
        // each call is on the wire once sendAsync returns
    }

    @Override
    public void close() {
        // Java 17's HttpClient has no close; its threads end once it is unreachable
    }
}
