package dev.switchboard.worker.provider.openai;

import dev.switchboard.worker.provider.ChatCall;
import dev.switchboard.worker.provider.ChatProvider;
import dev.switchboard.worker.provider.ProviderHttp;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.provider.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Azure OpenAI: the OpenAI wire format (same mapper, same error classifier) behind Azure's addressing. The model is
 * a deployment in the path, the API version a query parameter, and the key goes in {@code api-key}.
 */
public final class AzureOpenAiProvider implements ChatProvider {
    public static final String DEFAULT_API_VERSION = "2024-10-21";

    private final String name;
    private final String base;
    private final String apiVersion;
    private final Secret apiKey;
    private final ProviderHttp http;

    /** @param baseUri the resource's API root, e.g. {@code https://my-resource.openai.azure.com/openai} */
    public AzureOpenAiProvider(String name, URI baseUri, String apiVersion, Secret apiKey, Duration connectTimeout) {
        this.name = name;
        this.base = baseUri.toString().replaceAll("/+$", "");
        this.apiVersion = apiVersion == null ? DEFAULT_API_VERSION : apiVersion;
        this.apiKey = apiKey;
        this.http = new ProviderHttp(name, connectTimeout);
    }

    @Override
    public String name() {
        return name;
    }

    /** {@code upstreamModel} is the Azure deployment name. */
    @Override
    public CompletableFuture<ProviderResult> complete(ChatCall call) {
        return http.post(() -> new ProviderHttp.Post(endpoint(call.upstreamModel()),
                Map.of("Content-Type", "application/json", "api-key", apiKey.reveal()), OpenAiMapper.requestBody(call)), call.timeout(), this::read);
    }

    private URI endpoint(String deployment) {
        return URI.create(base + "/deployments/" + URLEncoder.encode(deployment, StandardCharsets.UTF_8)
                + "/chat/completions?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8));
    }

    private ProviderResult read(HttpResponse<String> response) {
        return response.statusCode() == 200
                ? OpenAiMapper.success(name, false, response.body())
                : OpenAiErrors.fromStatus(name, false, response.statusCode(), response.body(), http.retryAfter(response));
    }
}
