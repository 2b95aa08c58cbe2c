package dev.switchboard.worker.provider.anthropic;

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
 * Anthropic's Messages API, {@code POST {baseUri}/messages}. The key goes in {@code x-api-key}; the API version is
 * pinned by {@code anthropic-version}. Mapping rules are on {@link AnthropicMapper}.
 */
public final class AnthropicProvider implements ChatProvider, BatchProvider {
    public static final String API_KEY_HEADER = "x-api-key";
    public static final String VERSION_HEADER = "anthropic-version";
    /** The Messages API version this mapping is written against. */
    public static final String API_VERSION = "2023-06-01";

    private final String name;
    private final URI messages;
    private final Secret apiKey;
    private final ProviderHttp http;
    private final AnthropicBatchClient batches;

    /** @param baseUri the API root, e.g. {@code https://api.anthropic.com/v1} */
    public AnthropicProvider(String name, URI baseUri, Secret apiKey, Duration connectTimeout) {
        this.name = name;
        this.messages = URI.create(baseUri.toString().replaceAll("/+$", "") + "/messages");
        this.apiKey = apiKey;
        this.http = new ProviderHttp(name, connectTimeout);
        this.batches = new AnthropicBatchClient(name, baseUri, apiKey, http);
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
        return http.post(() -> new ProviderHttp.Post(messages, Map.of("content-type", "application/json", VERSION_HEADER, API_VERSION,
                API_KEY_HEADER, apiKey.reveal()), AnthropicMapper.requestBody(call)), call.timeout(), this::read);
    }

    private ProviderResult read(HttpResponse<String> response) {
        if (response.statusCode() == 200) {
            return AnthropicMapper.success(name, response.body());
        }
        return AnthropicErrors.fromStatus(name, response.statusCode(), response.body(), http.retryAfter(response));
    }
}
