package dev.switchboard.worker.provider.openai;

import dev.switchboard.worker.provider.BatchProvider;
import dev.switchboard.worker.provider.ChatCall;
import dev.switchboard.worker.provider.ChatProvider;
import dev.switchboard.worker.provider.ProviderHttp;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.provider.Secret;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Any endpoint that speaks OpenAI's {@code POST /chat/completions}: OpenAI itself, the simulated provider, vLLM,
 * Ollama, and the many hosted "OpenAI-compatible" APIs. Calls are asynchronous, so hundreds can be in flight on a
 * handful of threads.
 */
public final class OpenAiCompatibleProvider implements ChatProvider, BatchProvider {
    /** Set by the simulated provider on every answer, so simulated output is never mistaken for a real one. */
    public static final String SIMULATED_HEADER = "x-switchboard-simulated";

    private final String name;
    private final URI chatCompletions;
    private final Optional<Secret> apiKey;
    private final ProviderHttp http;
    private final OpenAiBatchClient batches;

    /** @param baseUri the API root, e.g. {@code https://api.openai.com/v1} */
    public OpenAiCompatibleProvider(String name, URI baseUri, Optional<Secret> apiKey, Duration connectTimeout) {
        this.name = name;
        this.chatCompletions = URI.create(baseUri.toString().replaceAll("/+$", "") + "/chat/completions");
        this.apiKey = apiKey;
        this.http = new ProviderHttp(name, connectTimeout);
        this.batches = new OpenAiBatchClient(name, baseUri, apiKey, http);
    }

    @Override
    public CompletableFuture<String> submitBatch(Map<String, ChatCall> calls) {
        return batches.submit(calls);
    }

    @Override
    public CompletableFuture<Optional<Map<String, ProviderResult>>> batchResults(String batchId) {
        return batches.results(batchId);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<ProviderResult> complete(ChatCall call) {
        return http.post(() -> new ProviderHttp.Post(chatCompletions, headers(), OpenAiMapper.requestBody(call)), call.timeout(), this::read);
    }

    private Map<String, String> headers() {
        return apiKey.map(key -> Map.of("Content-Type", "application/json", "Authorization", "Bearer " + key.reveal()))
                .orElse(Map.of("Content-Type", "application/json"));
    }

    private ProviderResult read(HttpResponse<String> response) {
        boolean simulated = response.headers().firstValue(SIMULATED_HEADER).map("true"::equalsIgnoreCase).orElse(false);
        if (response.statusCode() == 200) {
            return OpenAiMapper.success(name, simulated, response.body());
        }
        return OpenAiErrors.fromStatus(name, simulated, response.statusCode(), response.body(), http.retryAfter(response));
    }
}
