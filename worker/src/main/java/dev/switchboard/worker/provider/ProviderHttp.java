package dev.switchboard.worker.provider;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP transport every provider adapter shares: builds a call's request, sends it on the adapter's one
 * {@link HttpClient}, and turns what comes back into a {@link ProviderResult}. An adapter brings only its mapping:
 * endpoint, auth header, body, and how it reads an answer and an error body.
 */
public final class ProviderHttp {
    /** A JSON POST as an adapter describes it. */
    public record Post(URI uri, Map<String, String> headers, String body) {
    }

    private final String provider;
    private final HttpClient client;
    private final Clock clock;

    public ProviderHttp(String provider, Duration connectTimeout) {
        this(provider, connectTimeout, Clock.systemUTC());
    }

    /** @param clock reads an HTTP-date {@code Retry-After} against now */
    public ProviderHttp(String provider, Duration connectTimeout, Clock clock) {
        this.provider = provider;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
        this.clock = clock;
    }

    /**
     * One call. The request is built here, so a model name or header value the request cannot carry becomes a
     * rejected call instead of an exception; no HTTP answer at all is classified by {@link HttpFailures#fromException}.
     *
     * @param read maps any HTTP answer, success or error, to the call's result
     */
    public CompletableFuture<ProviderResult> post(Supplier<Post> build, Duration timeout, Function<HttpResponse<String>, ProviderResult> read) {
        HttpRequest request;
        try {
            Post post = build.get();
            HttpRequest.Builder builder = HttpRequest.newBuilder(post.uri())
                    .timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofString(post.body()));
            post.headers().forEach(builder::header);
            request = builder.build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(
                    new ProviderResult.Failure(provider, false, FailureKind.REJECTED_BY_PROVIDER, e.getMessage(), null, null));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(read)
                .exceptionally(error -> HttpFailures.fromException(provider, error));
    }

    /**
     * A batch API's bookkeeping request: its body on a 2xx, else the future fails with the path, the status and the
     * provider's reason ({@code errorMessage} reads it from the body).
     */
    public CompletableFuture<String> exchange(HttpRequest request, Function<String, String> errorMessage) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.uri().getPath() + ": HTTP " + response.statusCode() + ": "
                        + errorMessage.apply(response.body()));
            }
            return response.body();
        });
    }

    /** A download (a batch's result file), whatever its status. */
    public CompletableFuture<HttpResponse<String>> fetch(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The wait an answer's {@code Retry-After} header asks for, if it has a readable one. */
    public Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(header -> HttpFailures.retryAfter(header, clock));
    }
}
