package dev.switchboard.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Client for the Confluent Schema Registry REST API (also served by Apicurio's ccompat API, Karapace and
 * Redpanda): {@code POST /subjects/{subject}/versions} and {@code GET /schemas/ids/{id}}.
 */
final class RestSchemaRegistryClient implements SchemaRegistryClient {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /**
     * A registration happens once per schema and process, at its first record: waiting long beats failing a component's
     * start, and a registry warming up or on a busy host took over 10 s here (Apicurio on a 2-core machine under load).
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    RestSchemaRegistryClient(String url) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
    }

    @Override
    public int register(String subject, Schema schema) {
        String body = write(Map.of("schema", schema.toString()));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("subjects/" + encode(subject) + "/versions"))
                .timeout(TIMEOUT)
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(request, "register " + subject).path("id").asInt();
    }

    @Override
    public Schema schemaById(int id) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("schemas/ids/" + id))
                .timeout(TIMEOUT)
                .header("Accept", CONTENT_TYPE)
                .GET()
                .build();
        return new Schema.Parser().parse(send(request, "schema " + id).path("schema").asText());
    }

    private JsonNode send(HttpRequest request, String what) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new SchemaRegistryException(what + ": registry answered " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryException(what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(what + ": interrupted", e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
