package dev.switchboard.simulator;

import static dev.switchboard.simulator.SimulatorClient.MAPPER;
import static dev.switchboard.simulator.SimulatorClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Multipart upload, JSONL and bounded status polling for the batch tests. */
final class BatchTestSupport {

    static final String BOUNDARY = "----switchboard-test-boundary";
    static final Duration POLL_DEADLINE = Duration.ofSeconds(5);

    private BatchTestSupport() {
    }

    static String batchLine(String customId, String body) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("custom_id", customId);
        line.put("method", "POST");
        line.put("url", "/v1/chat/completions");
        line.set("body", read(body));
        return line.toString();
    }

    static HttpResponse<String> upload(SimulatorClient client, String purpose, String filename, String content) {
        String body = "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"purpose\"\r\n\r\n"
                + purpose + "\r\n"
                + "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n"
                + content + "\r\n"
                + "--" + BOUNDARY + "--\r\n";
        return client.send(HttpRequest.newBuilder(client.uri("/files"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    }

    /** Re-requests the status until {@code done} holds or the deadline passes; returns the last body. */
    static JsonNode pollUntil(Supplier<HttpResponse<String>> status, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + POLL_DEADLINE.toNanos();
        JsonNode last = json(status.get());
        while (!done.test(last) && System.nanoTime() < deadline) {
            last = json(status.get());
        }
        return last;
    }

    static List<JsonNode> jsonLines(String body) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(read(line));
            }
        }
        return lines;
    }

    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
