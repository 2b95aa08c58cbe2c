package dev.switchboard.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small request helpers shared by the REST-style handlers (files, batches, messages). */
final class Exchanges {

    private Exchanges() {
    }

    static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /**
     * The decoded path segments after {@code prefix}: {@code /v1/batches/b1/cancel} under {@code /v1/batches}
     * gives [b1, cancel]. Empty when the path is the prefix itself; empty Optional when the path only shares a
     * textual prefix (e.g. {@code /v1/batchesX}).
     */
    static Optional<List<String>> segments(HttpExchange exchange, String prefix) {
        String rest = exchange.getRequestURI().getRawPath().substring(prefix.length());
        if (!rest.isEmpty() && !rest.startsWith("/")) {
            return Optional.empty();
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rest.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
            }
        }
        return Optional.of(segments);
    }
}
