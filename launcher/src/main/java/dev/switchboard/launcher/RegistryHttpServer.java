package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.schemas.serde.MockSchemaRegistry;
import dev.switchboard.schemas.serde.SchemaRegistryException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The in-memory registry's slice of the Confluent Schema Registry REST API, on 127.0.0.1: enough for kcat
 * ({@code -s value=avro -r URL}) and Confluent serializers in other processes to read and write Avro records
 * against the embedded system. A production deployment points {@code registry.url} at a real registry instead.
 */
public final class RegistryHttpServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SCHEMA_BY_ID = Pattern.compile("/schemas/ids/(\\d+)");
    private static final Pattern SUBJECT_VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");

    private final HttpServer server;
    private final MockSchemaRegistry registry;

    private RegistryHttpServer(HttpServer server, MockSchemaRegistry registry) {
        this.server = server;
        this.registry = registry;
    }

    public static RegistryHttpServer start(MockSchemaRegistry registry, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            RegistryHttpServer registryServer = new RegistryHttpServer(server, registry);
            server.createContext("/", registryServer::handle);
            server.start();
            return registryServer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the schema registry on 127.0.0.1:" + port, e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher byId = SCHEMA_BY_ID.matcher(path);
            Matcher versions = SUBJECT_VERSIONS.matcher(path);
            if (exchange.getRequestMethod().equals("GET") && byId.matches()) {
                Schema schema = registry.schemaById(Integer.parseInt(byId.group(1)));
                send(exchange, 200, Map.of("schema", schema.toString()));
            } else if (exchange.getRequestMethod().equals("POST") && versions.matches()) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                Schema schema = new Schema.Parser().parse(body.path("schema").asText());
                String subject = URLDecoder.decode(versions.group(1), StandardCharsets.UTF_8);
                send(exchange, 200, Map.of("id", registry.register(subject, schema)));
            } else if (exchange.getRequestMethod().equals("GET") && versions.matches()) {
                String subject = URLDecoder.decode(versions.group(1), StandardCharsets.UTF_8);
                send(exchange, 200, registry.versions(subject));
            } else {
                send(exchange, 404, Map.of("error_code", 404, "message", "not part of the embedded registry's API: " + path));
            }
        } catch (SchemaRegistryException e) {
            send(exchange, 404, Map.of("error_code", 40403, "message", e.getMessage()));
        } catch (SchemaParseException | IOException | NumberFormatException e) {
            send(exchange, 422, Map.of("error_code", 42201, "message", "invalid schema: " + e.getMessage()));
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
