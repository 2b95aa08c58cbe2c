package dev.switchboard.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only HTTP API over {@link CostWindows}, bound to 127.0.0.1 (no auth: it is for the local dashboard).
 * <ul>
 *   <li>{@code GET /api/tenants/{tenant}/windows?size=1m|1h&by=model&from=ISO&to=ISO}: array of windows</li>
 *   <li>{@code GET /api/tenants/{tenant}/total?size=1m|1h&from=ISO&to=ISO}: {@code {"tenant","cost","calls"}}</li>
 * </ul>
 * Defaults: size 1m, the last 24 hours. Money is a JSON string. 400 for a bad size or time, 404 for an
 * unknown path, 405 for anything but GET, 503 while the stores are migrating (a rebalance).
 */
public final class CostQueryServer implements AutoCloseable {
    static final String DEFAULT_SIZE = "1m";
    static final Duration DEFAULT_LOOKBACK = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(CostQueryServer.class);

    private final CostWindows windows;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor;

    private CostQueryServer(CostWindows windows, Clock clock, HttpServer server, ExecutorService executor) {
        this.windows = windows;
        this.clock = clock;
        this.server = server;
        this.executor = executor;
    }

    /** Starts on 127.0.0.1:{@code port}; port 0 picks a free one. */
    public static CostQueryServer start(CostWindows windows, Clock clock, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "cost-query-http");
            thread.setDaemon(true);
            return thread;
        });
        CostQueryServer query = new CostQueryServer(windows, clock, server, executor);
        server.createContext("/", query::handle);
        server.setExecutor(executor);
        server.start();
        return query;
    }

    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        } catch (IOException e) {
            LOG.debug("cost query {}: client went away", exchange.getRequestURI(), e);
        }
    }

    /** Errors become JSON answers here, while the exchange is still open. */
    private void route(HttpExchange exchange) throws IOException {
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, CostJson.error("only GET is supported"));
                return;
            }
            // /api/tenants/{tenant}/{windows|total}; split the raw path so an encoded '/' stays inside the tenant.
            String[] parts = exchange.getRequestURI().getRawPath().split("/", -1);
            if (parts.length != 5 || !parts[0].isEmpty() || !"api".equals(parts[1]) || !"tenants".equals(parts[2])
                    || parts[3].isEmpty()) {
                send(exchange, 404, CostJson.error("not found"));
                return;
            }
            String tenant = decode(parts[3]);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            switch (parts[4]) {
                case "windows" -> send(exchange, 200, windows(tenant, query));
                case "total" -> send(exchange, 200, total(tenant, query));
                default -> send(exchange, 404, CostJson.error("not found"));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            send(exchange, 400, CostJson.error(e.getMessage()));
        } catch (InvalidStateStoreException e) {
            send(exchange, 503, CostJson.error("cost stores are not queryable right now: " + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("cost query {} failed", exchange.getRequestURI(), e);
            send(exchange, 500, CostJson.error("internal error"));
        }
    }

    private JsonNode windows(String tenant, Map<String, String> query) {
        Instant to = instant(query, "to", clock.instant());
        Instant from = instant(query, "from", to.minus(DEFAULT_LOOKBACK));
        boolean byModel = "model".equals(query.get("by"));
        if (query.containsKey("by") && !byModel) {
            throw new IllegalArgumentException("by must be 'model', was '" + query.get("by") + "'");
        }
        return CostJson.windows(windows.windows(tenant, query.getOrDefault("size", DEFAULT_SIZE), byModel, from, to));
    }

    private JsonNode total(String tenant, Map<String, String> query) {
        Instant to = instant(query, "to", clock.instant());
        Instant from = instant(query, "from", to.minus(DEFAULT_LOOKBACK));
        return CostJson.total(windows.total(tenant, query.getOrDefault("size", DEFAULT_SIZE), from, to));
    }

    private static Instant instant(Map<String, String> query, String name, Instant fallback) {
        String value = query.get(name);
        return value == null || value.isBlank() ? fallback : Instant.parse(value);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            } else if (!pair.isEmpty()) {
                params.put(decode(pair), "");
            }
        }
        return params;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = CostJson.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
