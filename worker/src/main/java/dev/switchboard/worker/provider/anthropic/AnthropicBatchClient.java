package dev.switchboard.worker.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.worker.provider.ChatCall;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.HttpFailures;
import dev.switchboard.worker.provider.ProviderHttp;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.provider.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Anthropic's Message Batches: {@code POST /messages/batches} with every call's params, {@code GET
 * /messages/batches/{id}} until {@code processing_status} is {@code ended}, then the JSONL at {@code results_url},
 * each {@code succeeded} line mapped like a synchronous message.
 */
final class AnthropicBatchClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String provider;
    private final String base;
    private final Secret apiKey;
    private final ProviderHttp http;

    AnthropicBatchClient(String provider, URI baseUri, Secret apiKey, ProviderHttp http) {
        this.provider = provider;
        this.base = baseUri.toString().replaceAll("/+$", "");
        this.apiKey = apiKey;
        this.http = http;
    }

    CompletableFuture<String> submit(Map<String, ChatCall> calls) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        calls.forEach((id, call) -> requests.addObject().put("custom_id", id).set("params", tree(AnthropicMapper.requestBody(call))));
        HttpRequest request = request(URI.create(base + "/messages/batches")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return send(request).thenApply(batch -> batch.path("id").asText());
    }

    CompletableFuture<Optional<Map<String, ProviderResult>>> results(String batchId) {
        return send(request(URI.create(base + "/messages/batches/" + batchId)).GET().build()).thenCompose(batch -> {
            if (!"ended".equals(batch.path("processing_status").asText())) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            HttpRequest results = request(URI.create(batch.path("results_url").asText())).GET().build();
            return http.fetch(results).thenApply(response -> {
                Map<String, ProviderResult> byId = new HashMap<>();
                for (String line : response.body().split("\n")) {
                    if (!line.isBlank()) {
                        JsonNode node = tree(line);
                        byId.put(node.path("custom_id").asText(), result(node.path("result")));
                    }
                }
                return Optional.of(byId);
            });
        });
    }

    private ProviderResult result(JsonNode result) {
        if ("succeeded".equals(result.path("type").asText())) {
            return AnthropicMapper.success(provider, result.path("message").toString());
        }
        String reason = result.path("error").path("error").path("message").asText(result.path("type").asText("unknown"));
        return new ProviderResult.Failure(provider, false, FailureKind.SERVER_ERROR, "batch request " + result.path("type").asText()
                + ": " + reason, null, null);
    }

    private CompletableFuture<JsonNode> send(HttpRequest request) {
        return http.exchange(request, AnthropicErrors::errorMessage).thenApply(AnthropicBatchClient::tree);
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header(AnthropicProvider.VERSION_HEADER, AnthropicProvider.API_VERSION)
                .header(AnthropicProvider.API_KEY_HEADER, apiKey.reveal());
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + HttpFailures.excerpt(json), e);
        }
    }
}
