package dev.switchboard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Real HTTP over 127.0.0.1 against a running simulator, the way the gateway talks to providers. */
final class SimulatorClient {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // the JDK server speaks HTTP/1.1 only
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    SimulatorClient(SimulatedProvider provider) {
        this.base = provider.baseUri();
    }

    static String chatBody(String model, String userMessage) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", userMessage);
        return body.toString();
    }

    static ObjectNode chat(String model, String userMessage) {
        try {
            return (ObjectNode) MAPPER.readTree(chatBody(model, userMessage));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpRequest.Builder postRequest(String body) {
        return HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer sk-test-secret")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    HttpResponse<String> post(String body) {
        return send(postRequest(body).build());
    }

    CompletableFuture<HttpResponse<String>> postAsync(String body) {
        return http.sendAsync(postRequest(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String pathUnderV1) {
        return URI.create(base + pathUnderV1);
    }

    /** POST of a JSON body to a path under /v1 with extra header name/value pairs. */
    HttpResponse<String> postJson(String pathUnderV1, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathUnderV1))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    /** GET of a path under /v1 with extra header name/value pairs. */
    HttpResponse<String> get(String pathUnderV1, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathUnderV1)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void sendOrThrow(HttpRequest request) throws IOException, InterruptedException {
        http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
