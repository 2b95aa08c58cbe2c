package dev.switchboard.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our HTTP mapping against a stub OpenAI-compatible server on 127.0.0.1 that answers fixed vectors. */
class OpenAiEmbedderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Seen(String method, String path, String authorization, JsonNode body) {
    }

    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String override;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            String answer = override != null ? override : answer(body.path("input"));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Vector i of a batch is (len(text), 0, 0) scaled oddly, listed in reverse order with its index. */
    private static String answer(JsonNode input) {
        StringBuilder data = new StringBuilder();
        for (int i = input.size() - 1; i >= 0; i--) {
            int length = input.get(i).asText().length();
            data.append(data.length() == 0 ? "" : ",")
                    .append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":[").append(length * 2).append(",0,").append(i).append("]}");
        }
        return "{\"object\":\"list\",\"model\":\"stub\",\"data\":[" + data + "],\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}";
    }

    private OpenAiEmbedder embedder(Optional<String> key, int batchSize) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
        return OpenAiEmbedder.create(new OpenAiEmbedder.Settings(base, "text-embedding-3-small", key, 3, batchSize, Duration.ofSeconds(5)));
    }

    @Test
    void postsModelAndInputWithBearerKeyAndReadsVectorsByIndex() {
        OpenAiEmbedder embedder = embedder(Optional.of("sk-test-123"), 16);

        List<float[]> vectors = embedder.embedAll(List.of("abc", "hello"));

        assertThat(seen).hasSize(1);
        Seen request = seen.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/embeddings");
        assertThat(request.authorization()).isEqualTo("Bearer sk-test-123");
        assertThat(request.body().path("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(request.body().path("input")).extracting(JsonNode::asText).containsExactly("abc", "hello");
        // (6, 0, 0) and (10, 0, 1), normalised, in input order although the stub lists them reversed
        assertThat(vectors.get(0)).containsExactly(new float[] {1, 0, 0}, within(1e-6f));
        assertThat(vectors.get(1)).containsExactly(new float[] {(float) (10 / Math.sqrt(101)), 0, (float) (1 / Math.sqrt(101))}, within(1e-6f));
    }

    @Test
    void sendsNoAuthorizationWithoutAKey() {
        embedder(Optional.empty(), 16).embed("hi");

        assertThat(seen.get(0).authorization()).isNull();
    }

    @Test
    void splitsIntoBatches() {
        List<float[]> vectors = embedder(Optional.empty(), 2).embedAll(List.of("a", "bb", "ccc", "dddd", "eeeee"));

        assertThat(seen).extracting(s -> s.body().path("input").size()).containsExactly(2, 2, 1);
        assertThat(vectors).hasSize(5);
        assertThat(vectors.get(4)).containsExactly(new float[] {1, 0, 0}, within(1e-6f));
    }

    @Test
    void errorStatusBecomesAnExceptionWithStatusAndBodyButNoKey() {
        status = 401;
        override = "{\"error\":{\"message\":\"Incorrect API key provided\"}}";
        OpenAiEmbedder embedder = embedder(Optional.of("sk-secret-999"), 16);

        assertThatThrownBy(() -> embedder.embed("hi"))
                .isInstanceOfSatisfying(OpenAiEmbedder.EmbeddingApiException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("401").hasMessageContaining("Incorrect API key").hasMessageNotContaining("sk-secret-999");
    }

    @Test
    void wrongVectorLengthOrCountIsRejected() {
        override = "{\"data\":[{\"index\":0,\"embedding\":[1,2]}]}";
        assertThatThrownBy(() -> embedder(Optional.empty(), 16).embed("hi")).hasMessageContaining("has 2 numbers, expected 3");

        override = "{\"data\":[]}";
        assertThatThrownBy(() -> embedder(Optional.empty(), 16).embed("hi")).hasMessageContaining("0 data entries for 1 inputs");

        override = "not json";
        assertThatThrownBy(() -> embedder(Optional.empty(), 16).embed("hi")).hasMessageContaining("not JSON");
    }

    @Test
    void toStringRedactsTheKey() {
        OpenAiEmbedder embedder = embedder(Optional.of("sk-secret-999"), 16);

        assertThat(embedder.toString()).doesNotContain("sk-secret-999").contains("apiKey=****").contains("text-embedding-3-small");
        assertThat(embedder.settings().toString()).doesNotContain("sk-secret-999");
        assertThat(embedder.name()).isEqualTo("openai:text-embedding-3-small");
        assertThat(embedder.dimensions()).isEqualTo(3);
    }

    @Test
    void settingsAreValidated() {
        URI base = URI.create("http://127.0.0.1:1/v1");
        assertThatThrownBy(() -> OpenAiEmbedder.Settings.of(URI.create("ftp://x/v1"), "m", Optional.empty(), 3)).hasMessageContaining("base-url");
        assertThatThrownBy(() -> OpenAiEmbedder.Settings.of(base, " ", Optional.empty(), 3)).hasMessageContaining("model");
        assertThatThrownBy(() -> OpenAiEmbedder.Settings.of(base, "m", Optional.empty(), 0)).hasMessageContaining("dimensions");
        assertThatThrownBy(() -> new OpenAiEmbedder.Settings(base, "m", Optional.empty(), 3, 0, Duration.ofSeconds(1))).hasMessageContaining("batch-size");
        assertThat(OpenAiEmbedder.Settings.of(base, "m", Optional.of("  "), 3).apiKey()).isEmpty();
    }

    @Test
    void requestBodyEscapesText() {
        assertThat(OpenAiEmbedder.requestBody("m", List.of("say \"hi\"\n"))).isEqualTo("{\"model\":\"m\",\"input\":[\"say \\\"hi\\\"\\n\"]}");
    }
}
