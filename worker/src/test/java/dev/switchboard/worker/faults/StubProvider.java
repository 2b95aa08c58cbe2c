package dev.switchboard.worker.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenAI-compatible endpoint on 127.0.0.1 whose behaviour a fault test switches at run time: healthy, 500s,
 * timeouts (never answers), 429 with Retry-After, or malformed bodies. Real HTTP; it records when each call came.
 */
final class StubProvider implements AutoCloseable {
    enum Mode { OK, SERVER_ERROR, TIMEOUT, RATE_LIMITED, MALFORMED }

    private final HttpServer server;
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
    private final AtomicInteger rateLimitedLeft = new AtomicInteger();
    private final List<Instant> calls = new CopyOnWriteArrayList<>();
    private final List<HttpExchange> held = new CopyOnWriteArrayList<>();

    StubProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    void mode(Mode next) {
        mode.set(next);
    }

    /** The next {@code count} calls get 429 with {@code Retry-After: 1}; then healthy. */
    void rateLimitNext(int count) {
        rateLimitedLeft.set(count);
        mode.set(Mode.RATE_LIMITED);
    }

    List<Instant> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.add(Instant.now());
        exchange.getRequestBody().readAllBytes();
        Mode current = mode.get();
        if (current == Mode.RATE_LIMITED && rateLimitedLeft.getAndDecrement() <= 0) {
            current = Mode.OK;
        }
        switch (current) {
            case OK -> send(exchange, 200, "{\"id\":\"stub\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"stub answer\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}");
            case SERVER_ERROR -> send(exchange, 500, "{\"error\":{\"message\":\"stub is down\",\"type\":\"server_error\"}}");
            case RATE_LIMITED -> {
                exchange.getResponseHeaders().add("Retry-After", "1");
                send(exchange, 429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}");
            }
            case MALFORMED -> send(exchange, 200, "<html>not a completion</html>");
            case TIMEOUT -> held.add(exchange);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        held.forEach(HttpExchange::close);
        server.stop(0);
    }
}
