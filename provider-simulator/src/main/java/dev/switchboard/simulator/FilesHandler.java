package dev.switchboard.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAI Files API subset backing the Batch API: {@code POST /v1/files} (multipart upload with {@code purpose}
 * and {@code file}), {@code GET /v1/files}, {@code GET /v1/files/{id}}, {@code GET /v1/files/{id}/content} and
 * {@code DELETE /v1/files/{id}}. Batch output and error files are produced here too (purpose
 * {@code batch_output}).
 */
final class FilesHandler implements HttpHandler {

    static final String PREFIX = "/v1/files";
    private static final Set<String> PURPOSES = Set.of("assistants", "batch", "fine-tune", "vision", "user_data",
            "evals");

    private final BatchStore store;
    private final ObjectMapper mapper;
    private final OpenAiJson json;
    private final ResponseScheduler responses;
    private final Clock clock;

    FilesHandler(BatchStore store, ObjectMapper mapper, ResponseScheduler responses, Clock clock) {
        this.store = store;
        this.mapper = mapper;
        this.json = new OpenAiJson(mapper);
        this.responses = responses;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Optional<List<String>> segments = Exchanges.segments(exchange, PREFIX);
        String method = exchange.getRequestMethod();
        if (segments.isEmpty() || segments.get().size() > 2
                || segments.get().size() == 2 && !segments.get().get(1).equals("content")) {
            send(exchange, 404, json.error("Invalid URL (" + method + " " + exchange.getRequestURI().getPath() + ")",
                    "invalid_request_error", null, null));
            return;
        }
        List<String> path = segments.get();
        if (path.isEmpty() && method.equals("POST")) {
            upload(exchange);
        } else if (path.isEmpty() && method.equals("GET")) {
            ObjectNode list = mapper.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            store.files().forEach(f -> data.add(fileObject(f)));
            list.put("has_more", false);
            send(exchange, 200, json.write(list));
        } else if (path.size() == 1 && method.equals("GET")) {
            withFile(exchange, path.get(0), f -> send(exchange, 200, json.write(fileObject(f))));
        } else if (path.size() == 1 && method.equals("DELETE")) {
            withFile(exchange, path.get(0), f -> {
                store.deleteFile(f.id());
                send(exchange, 200, json.write(mapper.createObjectNode().put("id", f.id()).put("object", "file")
                        .put("deleted", true)));
            });
        } else if (path.size() == 2 && method.equals("GET")) {
            withFile(exchange, path.get(0), f -> responses.send(exchange,
                    new SimulatedResponse(200, "application/octet-stream", f.content(), Map.of())));
        } else {
            send(exchange, 405, json.error("Method " + method + " is not supported on "
                    + exchange.getRequestURI().getPath(), "invalid_request_error", null, "method_not_allowed"));
        }
    }

    private void upload(HttpExchange exchange) throws IOException {
        byte[] body = Exchanges.body(exchange);
        Multipart form;
        try {
            form = Multipart.parse(exchange.getRequestHeaders().getFirst("Content-Type"), body);
        } catch (InvalidRequestException e) {
            send(exchange, 400, json.error(e.getMessage(), "invalid_request_error", null, null));
            return;
        }
        Optional<String> purpose = form.part("purpose").map(p -> p.text().trim());
        Optional<Multipart.Part> file = form.part("file");
        if (purpose.isEmpty()) {
            send(exchange, 400, json.error("Missing required parameter: 'purpose'.", "invalid_request_error",
                    "purpose", null));
        } else if (!PURPOSES.contains(purpose.get())) {
            send(exchange, 400, json.error("'" + purpose.get() + "' is not one of " + PURPOSES.stream().sorted()
                    .toList() + " - 'purpose'", "invalid_request_error", "purpose", null));
        } else if (file.isEmpty() || file.get().filename() == null) {
            send(exchange, 400, json.error("Missing required parameter: 'file'.", "invalid_request_error",
                    "file", null));
        } else if (purpose.get().equals("batch") && !file.get().filename().endsWith(".jsonl")) {
            send(exchange, 400, json.error("Invalid file format for Batch API. Must be .jsonl",
                    "invalid_request_error", "file", null));
        } else {
            BatchStore.StoredFile stored = store.addFile(file.get().filename(), purpose.get(),
                    file.get().content(), clock.instant().getEpochSecond());
            send(exchange, 200, json.write(fileObject(stored)));
        }
    }

    private void withFile(HttpExchange exchange, String id, java.util.function.Consumer<BatchStore.StoredFile> action) {
        store.file(id).ifPresentOrElse(action, () -> send(exchange, 404, json.error(
                "No such File object: " + id, "invalid_request_error", "id", null)));
    }

    ObjectNode fileObject(BatchStore.StoredFile file) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", file.id());
        node.put("object", "file");
        node.put("bytes", file.content().length);
        node.put("created_at", file.createdAt());
        node.putNull("expires_at");
        node.put("filename", file.filename());
        node.put("purpose", file.purpose());
        node.put("status", "processed");
        node.putNull("status_details");
        return node;
    }

    private void send(HttpExchange exchange, int status, byte[] body) {
        responses.send(exchange, SimulatedResponse.json(status, body));
    }
}
