package dev.switchboard.worker.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * OpenAI's Batch API: the calls go up as a JSONL file ({@code POST /files}, purpose batch), a batch is created on it
 * ({@code POST /batches}), its status is polled ({@code GET /batches/{id}}) and, once completed, the output and
 * error files are read ({@code GET /files/{id}/content}) and each line mapped like a synchronous answer.
 */
final class OpenAiBatchClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String provider;
    private final String base;
    private final Optional<Secret> apiKey;
    private final ProviderHttp http;

    OpenAiBatchClient(String provider, URI baseUri, Optional<Secret> apiKey, ProviderHttp http) {
        this.provider = provider;
        this.base = baseUri.toString().replaceAll("/+$", "");
        this.apiKey = apiKey;
        this.http = http;
    }

    CompletableFuture<String> submit(Map<String, ChatCall> calls) {
        StringBuilder jsonl = new StringBuilder();
        calls.forEach((id, call) -> {
            ObjectNode line = JSON.createObjectNode().put("custom_id", id).put("method", "POST").put("url", "/v1/chat/completions");
            line.set("body", readTree(OpenAiMapper.requestBody(call)));
            jsonl.append(line).append('\n');
        });
        String boundary = "switchboard-" + UUID.randomUUID();
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"switchboard-batch.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + jsonl + "\r\n--" + boundary + "--\r\n";
        HttpRequest upload = request("/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart)).build();
        return send(upload).thenCompose(file -> {
            ObjectNode create = JSON.createObjectNode().put("input_file_id", file.path("id").asText())
                    .put("endpoint", "/v1/chat/completions").put("completion_window", "24h");
            return send(request("/batches").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(create.toString())).build());
        }).thenApply(batch -> batch.path("id").asText());
    }

    CompletableFuture<Optional<Map<String, ProviderResult>>> results(String batchId) {
        return send(request("/batches/" + batchId).GET().build()).thenCompose(batch -> {
            String status = batch.path("status").asText();
            switch (status) {
                case "completed" -> {
                    return lines(batch.path("output_file_id")).thenCombine(lines(batch.path("error_file_id")), (out, errors) -> {
                        Map<String, ProviderResult> results = new HashMap<>(errors);
                        results.putAll(out);
                        return Optional.of(results);
                    });
                }
                case "failed", "expired", "cancelled" -> {
                    return CompletableFuture.completedFuture(Optional.of(Map.of()));
                }
                default -> {
                    return CompletableFuture.completedFuture(Optional.empty());
                }
            }
        });
    }

    /** Each line of an output or error file, answered like the synchronous endpoint would have. */
    private CompletableFuture<Map<String, ProviderResult>> lines(JsonNode fileId) {
        if (fileId.isMissingNode() || fileId.isNull()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        HttpRequest content = request("/files/" + fileId.asText() + "/content").GET().build();
        return http.fetch(content).thenApply(response -> {
            boolean simulated = response.headers().firstValue(OpenAiCompatibleProvider.SIMULATED_HEADER).map("true"::equalsIgnoreCase).orElse(false);
            Map<String, ProviderResult> results = new HashMap<>();
            for (String line : response.body().split("\n")) {
                if (!line.isBlank()) {
                    JsonNode node = readTree(line);
                    results.put(node.path("custom_id").asText(), lineResult(node, simulated));
                }
            }
            return results;
        });
    }

    private ProviderResult lineResult(JsonNode line, boolean simulated) {
        JsonNode response = line.path("response");
        int status = response.path("status_code").asInt(0);
        String body = response.path("body").toString();
        if (status == 200) {
            return OpenAiMapper.success(provider, simulated, body);
        }
        if (status == 0) {
            return new ProviderResult.Failure(provider, simulated, FailureKind.SERVER_ERROR,
                    "batch line failed: " + HttpFailures.excerpt(line.path("error").toString()), null, null);
        }
        return OpenAiErrors.fromStatus(provider, simulated, status, body, Optional.empty());
    }

    private CompletableFuture<JsonNode> send(HttpRequest request) {
        return http.exchange(request, OpenAiErrors::errorMessage).thenApply(OpenAiBatchClient::readTree);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT);
        apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key.reveal()));
        return builder;
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + HttpFailures.excerpt(json), e);
        }
    }
}
