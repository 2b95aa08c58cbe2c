package dev.switchboard.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.batch.BatchException;
import dev.switchboard.gateway.batch.BatchService;
import dev.switchboard.gateway.openai.ChatCallReader;
import dev.switchboard.gateway.openai.OpenAiError;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/files} and {@code /v1/batches}. Every operation writes or reads Kafka and may wait for the broker, so it
 * runs on a worker thread, never on the event loop.
 */
public final class FilesAndBatchesHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FilesAndBatchesHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final BatchService batches;
    private final ChatCallReader reader;
    private final int maxFileBytes;
    private final int maxBodyBytes;

    public FilesAndBatchesHandler(Vertx vertx, BatchService batches, ChatCallReader reader, int maxFileBytes, int maxBodyBytes) {
        this.vertx = vertx;
        this.batches = batches;
        this.reader = reader;
        this.maxFileBytes = maxFileBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** {@code POST /v1/files}: multipart with {@code purpose} and {@code file}; the file is refused once it passes the limit. */
    public void upload(HttpExchange exchange) {
        HttpServerRequest request = exchange.request();
        String declared = request.getHeader("Content-Length");
        if (declared != null && parseLong(declared) > maxFileBytes + 64L * 1024) {
            exchange.refuseAndClose(OpenAiError.tooLarge(maxFileBytes));
            return;
        }
        request.setExpectMultipart(true);
        Buffer content = Buffer.buffer();
        String[] filename = {null};
        boolean[] refused = {false};
        request.uploadHandler(upload -> {
            filename[0] = upload.filename();
            upload.handler(chunk -> {
                if (refused[0]) {
                    return;
                }
                if (content.length() + chunk.length() > maxFileBytes) {
                    refused[0] = true;
                    exchange.refuseAndClose(OpenAiError.tooLarge(maxFileBytes));
                    return;
                }
                content.appendBuffer(chunk);
            });
        });
        request.endHandler(v -> {
            if (refused[0]) {
                return;
            }
            if (filename[0] == null) {
                exchange.error(OpenAiError.badRequest("a multipart part named 'file' is required"));
                return;
            }
            String purpose = request.getFormAttribute("purpose");
            blocking(exchange, () -> batches.upload(filename[0], purpose, content.getBytes(), tenant(exchange)).json(),
                    json -> exchange.json(200, json));
        });
    }

    public void file(HttpExchange exchange, String id) {
        blocking(exchange, () -> batches.file(id, tenant(exchange)).json(), json -> exchange.json(200, json));
    }

    public void fileContent(HttpExchange exchange, String id) {
        blocking(exchange, () -> batches.content(id, tenant(exchange)),
                content -> exchange.bytes(200, "application/jsonl", Buffer.buffer(content)));
    }

    /** {@code POST /v1/batches}: {@code input_file_id}, {@code endpoint}, {@code completion_window}, {@code metadata}. */
    public void create(HttpExchange exchange) {
        BoundedBody.read(exchange, maxBodyBytes, body -> {
            JsonNode root;
            try {
                root = JSON.readTree(body.getBytes());
            } catch (IOException e) {
                exchange.error(OpenAiError.badRequest("body is not valid JSON"));
                return;
            }
            if (root == null || !root.path("input_file_id").isTextual()) {
                exchange.error(OpenAiError.badRequest("input_file_id is required"));
                return;
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            root.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
            String apiKey = exchange.bearer();
            HttpServerRequest request = exchange.request();
            blocking(exchange, () -> batches.json(batches.create(root.get("input_file_id").asText(), root.path("endpoint").asText(""),
                            root.path("completion_window").asText("24h"), metadata, request::getHeader, apiKey, tenant(exchange))),
                    json -> exchange.json(200, json));
        });
    }

    public void batch(HttpExchange exchange, String id) {
        blocking(exchange, () -> batches.json(batches.batch(id, tenant(exchange))), json -> exchange.json(200, json));
    }

    public void cancel(HttpExchange exchange, String id) {
        blocking(exchange, () -> batches.json(batches.cancel(id, tenant(exchange))), json -> exchange.json(200, json));
    }

    private String tenant(HttpExchange exchange) {
        return reader.tenantOf(exchange.bearer(), null, exchange.request()::getHeader);
    }

    private <T> void blocking(HttpExchange exchange, Callable<T> work, Consumer<T> reply) {
        Context context = Vertx.currentContext();
        vertx.executeBlocking(work, false).onComplete(result -> context.runOnContext(v -> {
            if (result.succeeded()) {
                reply.accept(result.result());
            } else if (result.cause() instanceof BatchException e) {
                exchange.error(e.error());
            } else {
                LOG.warn("files/batches call failed", result.cause());
                exchange.error(new OpenAiError(500, OpenAiError.SERVER, "internal_error", String.valueOf(result.cause().getMessage()), Optional.empty()));
            }
        }));
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
