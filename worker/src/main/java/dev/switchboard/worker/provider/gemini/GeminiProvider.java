package dev.switchboard.worker.provider.gemini;

import dev.switchboard.worker.provider.ChatCall;
import dev.switchboard.worker.provider.ChatProvider;
import dev.switchboard.worker.provider.ProviderHttp;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.provider.Secret;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Google's Gemini API, {@code POST {baseUri}/models/{model}:generateContent}. The key goes in the
 * {@code x-goog-api-key} header, never in the URL (URLs end up in access logs). Mapping rules are on
 * {@link GeminiMapper}.
 */
public final class GeminiProvider implements ChatProvider {
    public static final String API_KEY_HEADER = "x-goog-api-key";

    private final String name;
    private final String models;
    private final Secret apiKey;
    private final ProviderHttp http;

    /** @param baseUri the API root, e.g. {@code https://generativelanguage.googleapis.com/v1beta} */
    public GeminiProvider(String name, URI baseUri, Secret apiKey, Duration connectTimeout) {
        this.name = name;
        this.models = baseUri.toString().replaceAll("/+$", "") + "/models/";
        this.apiKey = apiKey;
        this.http = new ProviderHttp(name, connectTimeout);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<ProviderResult> complete(ChatCall call) {
        return http.post(() -> new ProviderHttp.Post(endpoint(call.upstreamModel()),
                Map.of("Content-Type", "application/json", API_KEY_HEADER, apiKey.reveal()), GeminiMapper.requestBody(call)), call.timeout(), this::read);
    }

    /** Accepts the model as {@code gemini-2.5-flash} or {@code models/gemini-2.5-flash}. */
    private URI endpoint(String upstreamModel) {
        String model = upstreamModel.startsWith("models/") ? upstreamModel.substring("models/".length()) : upstreamModel;
        if (model.isBlank() || !model.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("not a Gemini model name: '" + upstreamModel + "'");
        }
        return URI.create(models + model + ":generateContent");
    }

    private ProviderResult read(HttpResponse<String> response) {
        if (response.statusCode() == 200) {
            return GeminiMapper.success(name, response.body());
        }
        return GeminiErrors.fromStatus(name, response.statusCode(), response.body(), http.retryAfter(response));
    }
}
