package dev.switchboard.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.schemas.LlmResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a small HTTP server speaking the Confluent registry API: paths, methods, bodies, caching. */
class RestSchemaRegistryClientTest {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String registeredBody;

    @BeforeEach
    void startRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            calls.add(call + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
            String body;
            int status = 200;
            if (call.equals("POST /subjects/llm.responses-value/versions")) {
                registeredBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                body = "{\"id\":42}";
            } else if (call.equals("GET /schemas/ids/42")) {
                body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                        .put("schema", LlmResponse.getClassSchema().toString()).toString();
            } else {
                status = 404;
                body = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stopRegistry() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void shouldRegisterUnderTheTopicSubjectAndCacheBothWays() {
        SchemaRegistryClient client = SchemaRegistryClient.forUrl(url());

        assertThat(client.register("llm.responses-value", LlmResponse.getClassSchema())).isEqualTo(42);
        assertThat(client.register("llm.responses-value", LlmResponse.getClassSchema())).isEqualTo(42);
        Schema schema = client.schemaById(42);

        assertThat(schema).isEqualTo(LlmResponse.getClassSchema());
        assertThat(calls).containsExactly("POST /subjects/llm.responses-value/versions application/vnd.schemaregistry.v1+json");
        assertThat(registeredBody).startsWith("{\"schema\":").contains("LlmResponse");
    }

    @Test
    void shouldSayWhatTheRegistryAnsweredOnFailure() {
        SchemaRegistryClient client = SchemaRegistryClient.forUrl(url());
        assertThatThrownBy(() -> client.schemaById(7))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("404")
                .hasMessageContaining("Schema not found");
    }
}
