package dev.switchboard.embeddings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An OpenAI-compatible embeddings API: {@code POST {baseUrl}/embeddings} with {@code {"model", "input": [...]}},
 * vectors read from {@code data[i].embedding} (placed by {@code data[i].index} when present) and L2-normalised
 * here, whatever the server does. Texts are sent in batches of {@link Settings#batchSize()}. Thread-safe.
 */
public final class OpenAiEmbedder implements Embedder {
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Where and how to call. {@code baseUrl} ends before {@code /embeddings} (e.g. {@code https://api.openai.com/v1});
     * {@code apiKey} may be empty (a local server); {@code dimensions} is what the model returns and is checked on
     * every answer. {@link #toString()} never shows the key.
     */
    public record Settings(URI baseUrl, String model, Optional<String> apiKey, int dimensions, int batchSize, Duration timeout) {
        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(timeout, "timeout");
            String scheme = baseUrl.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("base-url must be http or https, got '" + baseUrl + "'");
            }
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model must be set");
            }
            if (dimensions <= 0) {
                throw new IllegalArgumentException("dimensions must be positive, got " + dimensions);
            }
            if (batchSize <= 0 || batchSize > 2048) {
                throw new IllegalArgumentException("batch-size must be 1 to 2048, got " + batchSize);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            apiKey = apiKey.filter(k -> !k.isBlank());
        }

        /** Default batch size and timeout. */
        public static Settings of(URI baseUrl, String model, Optional<String> apiKey, int dimensions) {
            return new Settings(baseUrl, model, apiKey, dimensions, DEFAULT_BATCH_SIZE, DEFAULT_TIMEOUT);
        }

        @Override
        public String toString() {
            return "Settings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey.isPresent() ? "****" : "none")
                    + ", dimensions=" + dimensions + ", batchSize=" + batchSize + ", timeout=" + timeout + "]";
        }
    }

    /** The API answered with an error status or a body that does not fit. The message never holds the key. */
    public static final class EmbeddingApiException extends RuntimeException {
        private final int status;

        public EmbeddingApiException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, or 0 when the status was fine and the body was not. */
        public int status() {
            return status;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 300;

    private final Settings settings;
    private final HttpClient http;
    private final URI endpoint;

    public OpenAiEmbedder(Settings settings, HttpClient http) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
        String base = settings.baseUrl().toString();
        this.endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/embeddings");
    }

    public static OpenAiEmbedder create(Settings settings) {
        return new OpenAiEmbedder(settings, HttpClient.newBuilder().connectTimeout(settings.timeout()).build());
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += settings.batchSize()) {
            vectors.addAll(call(texts.subList(from, Math.min(texts.size(), from + settings.batchSize()))));
        }
        return vectors;
    }

    private List<float[]> call(List<String> batch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(settings.model(), batch), StandardCharsets.UTF_8));
        settings.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("embeddings call to " + endpoint + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + endpoint, e);
        }
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body();
            throw new EmbeddingApiException("embeddings call to " + endpoint + " answered " + response.statusCode() + ": "
                    + body.substring(0, Math.min(body.length(), MAX_ERROR_BODY)), response.statusCode());
        }
        return vectors(response.body(), batch.size(), settings.dimensions());
    }

    /** The request body: {@code {"model": ..., "input": [...]}}. */
    static String requestBody(String model, List<String> texts) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        return body.toString();
    }

    /** The normalised vectors of a response body, in input order; checks count and length. */
    static List<float[]> vectors(String body, int expected, int dimensions) {
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (JsonProcessingException e) {
            throw new EmbeddingApiException("embeddings response is not JSON: " + e.getOriginalMessage(), 0);
        }
        if (!data.isArray() || data.size() != expected) {
            throw new EmbeddingApiException("embeddings response has " + (data.isArray() ? data.size() : "no")
                    + " data entries for " + expected + " inputs", 0);
        }
        float[][] vectors = new float[expected][];
        for (int i = 0; i < expected; i++) {
            JsonNode item = data.get(i);
            int index = item.has("index") ? item.get("index").asInt(-1) : i;
            JsonNode embedding = item.path("embedding");
            if (index < 0 || index >= expected || vectors[index] != null) {
                throw new EmbeddingApiException("embeddings response has a bad or repeated index " + item.get("index"), 0);
            }
            if (!embedding.isArray() || embedding.size() != dimensions) {
                throw new EmbeddingApiException("embeddings response entry " + index + " has " + (embedding.isArray() ? embedding.size() : "no")
                        + " numbers, expected " + dimensions + " (a string embedding? send no encoding_format)", 0);
            }
            float[] vector = new float[dimensions];
            for (int d = 0; d < dimensions; d++) {
                vector[d] = (float) embedding.get(d).asDouble();
            }
            vectors[index] = Vectors.normalised(vector);
        }
        return List.of(vectors);
    }

    @Override
    public int dimensions() {
        return settings.dimensions();
    }

    @Override
    public String name() {
        return "openai:" + settings.model();
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public String toString() {
        return "OpenAiEmbedder[" + settings + "]";
    }
}
