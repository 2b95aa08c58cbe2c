package dev.switchboard.worker.provider;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A provider stand-in on 127.0.0.1 over real HTTP: records every request and answers with a canned reply, or never
 * answers until closed (for timeouts).
 */
public final class StubServer implements AutoCloseable {
    /** One request as the stub saw it. */
    public record Recorded(String method, String path, String rawQuery, Headers headers, String body) {
    }

    private record Reply(int status, String body, Map<String, String> headers, boolean hang) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Reply reply = new Reply(500, "no reply configured", Map.of(), false);

    private StubServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static StubServer start() {
        try {
            return new StubServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port><prefix>} */
    public URI uri(String prefix) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
    }

    public void reply(int status, String body) {
        reply(status, body, Map.of());
    }

    public void reply(int status, String body, Map<String, String> headers) {
        reply = new Reply(status, body, headers, false);
    }

    /** Accept requests but never answer (until {@link #close()}). */
    public void hang() {
        reply = new Reply(0, "", Map.of(), true);
    }

    /** The next recorded request, waiting up to five seconds for it. */
    public Recorded takeRequest() throws InterruptedException {
        Recorded request = requests.poll(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the stub received no request");
        }
        return request;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body));
        Reply current = reply;
        if (current.hang()) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] bytes = current.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        current.headers().forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(current.status(), bytes.length == 0 ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
