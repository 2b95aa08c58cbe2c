package dev.switchboard.cost;

import dev.switchboard.cost.bound.CacheBoundView;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.cost.answers.AnswerWindows;
import dev.switchboard.cost.budget.SpendView;
import dev.switchboard.schemas.access.Caller;
import dev.switchboard.schemas.access.Callers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only HTTP API over {@link CostWindows} and {@link SpendView}, and the dashboard page; bound to 127.0.0.1 unless
 * configured otherwise. Answers come from {@link CostApi}. With governance on ({@link Callers#required()}) every
 * {@code /api/} read needs {@code Authorization: Bearer <admin key or virtual key>} (401 without): the admin key reads
 * every tenant, a virtual key its own tenant only (403 for another's), a team's key its team's rows
 * ({@link ReadScope}). The page, its script and style carry no data and load without a credential; the script
 * sends the one it was opened with ({@code /dashboard#key=...}, a fragment, so it never reaches a server log).
 * <ul>
 *   <li>{@code GET /dashboard}: the dashboard page ({@code ?tenant=acme&size=1h}); its script and style under
 *       {@code /dashboard/}</li>
 *   <li>{@code GET /api/tenants}: tenants with windows in the stores; {@code GET /api/sizes}: the window sizes</li>
 *   <li>{@code GET /api/series?size=1h&buckets=24&to=ISO}: every tenant's cost series</li>
 *   <li>{@code GET /api/tenants/{tenant}/windows?size=1m|1h|1d&by=model|team|feature&from=ISO&to=ISO}: array of
 *       windows (default size 1m, the last 24 hours)</li>
 *   <li>{@code GET /api/tenants/{tenant}/total?size=&from=&to=}: {@code {"tenant","cost","calls"}}</li>
 *   <li>{@code GET /api/tenants/{tenant}/series?size=1h&by=tenant|model|team|feature&buckets=24&to=ISO}: series on a
 *       row of buckets ending with the one containing {@code to}</li>
 *   <li>{@code GET /api/tenants/{tenant}/summary?size=&buckets=&to=}: totals, savings, cache hit rate</li>
 *   <li>{@code GET /api/tenants/{tenant}/answers?size=&buckets=&to=}: answers by status per bucket, by status and
 *       code over the row, queue and end-to-end latency p50/p99 by tier</li>
 *   <li>{@code GET /api/tenants/{tenant}/budgets?at=ISO}: each budget's limits, spend and percent used in the
 *       period containing {@code at} (default now)</li>
 *   <li>{@code GET /api/tenants/{tenant}/spend?at=ISO}: every scope's spend in that day and month</li>
 *   <li>{@code GET /api/tenants/{tenant}/cache-bound}: the semantic cache's error bound as the router last published
 *       it (cut, verifications, false hits, verified false-hit rate), or {@code {"bound": false}}</li>
 * </ul>
 * Money and percentages are JSON strings. 400 for a bad parameter, 401 without a valid credential, 403 for data
 * the credential does not cover, 404 for an unknown path, 405 for anything but GET, 503 while the stores are
 * migrating (a rebalance).
 */
public final class CostQueryServer implements AutoCloseable {
    public static final String DASHBOARD_PATH = "/dashboard";
    /** The page may load from this server only; it draws its charts itself. */
    static final String DASHBOARD_CSP = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";
    private static final Logger LOG = LoggerFactory.getLogger(CostQueryServer.class);

    private final CostApi api;
    private final Callers callers;
    private final DashboardAssets assets;
    private final HttpServer server;
    private final ExecutorService executor;

    private CostQueryServer(CostApi api, Callers callers, DashboardAssets assets, HttpServer server, ExecutorService executor) {
        this.api = api;
        this.callers = callers;
        this.assets = assets;
        this.server = server;
        this.executor = executor;
    }

    /** Starts on 127.0.0.1:{@code port} without budgets (they answer empty); port 0 picks a free one. */
    public static CostQueryServer start(CostWindows windows, Clock clock, int port) throws IOException {
        return start(windows, SpendView.NONE, clock, port);
    }

    /** Starts on 127.0.0.1:{@code port} without answer windows (they answer empty); port 0 picks a free one. */
    public static CostQueryServer start(CostWindows windows, SpendView spend, Clock clock, int port) throws IOException {
        return start(windows, spend, AnswerWindows.NONE, clock, port);
    }

    /** Starts on 127.0.0.1:{@code port} open to every caller (governance off), without cache bounds; port 0 picks a free one. */
    public static CostQueryServer start(CostWindows windows, SpendView spend, AnswerWindows answers, Clock clock, int port)
            throws IOException {
        return start(windows, spend, answers, CacheBoundView.NONE, clock, Callers.open(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Starts on {@code address} (port 0 picks a free one), asking {@code callers} who may read what. */
    public static CostQueryServer start(CostWindows windows, SpendView spend, AnswerWindows answers, CacheBoundView bounds, Clock clock,
                                        Callers callers, InetSocketAddress address) throws IOException {
        DashboardAssets assets = DashboardAssets.load();
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "cost-query-http");
            thread.setDaemon(true);
            return thread;
        });
        CostQueryServer query = new CostQueryServer(new CostApi(windows, spend, answers, bounds, clock), callers, assets, server, executor);
        server.createContext("/", query::handle);
        server.setExecutor(executor);
        server.start();
        return query;
    }

    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    public URI dashboardUri() {
        return uri().resolve(DASHBOARD_PATH);
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
            // Split the raw path so an encoded '/' stays inside the tenant.
            String[] parts = exchange.getRequestURI().getRawPath().split("/", -1);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if ((parts.length == 2 || parts.length == 3) && parts[0].isEmpty() && DASHBOARD_PATH.equals("/" + parts[1])) {
                dashboard(exchange, parts.length == 2 ? "" : parts[2]);
                return;
            }
            Optional<Caller> caller = callers.authenticate(Callers.bearer(exchange.getRequestHeaders().getFirst("Authorization")));
            if (caller.isEmpty()) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"switchboard\"");
                send(exchange, 401, CostJson.error("a credential is required: Authorization: Bearer <admin key or virtual key>"));
            } else if (parts.length == 3 && parts[0].isEmpty() && "api".equals(parts[1])) {
                everyTenant(exchange, caller.get(), parts[2], query);
            } else if (parts.length == 5 && parts[0].isEmpty() && "api".equals(parts[1]) && "tenants".equals(parts[2])
                    && !parts[3].isEmpty()) {
                tenant(exchange, caller.get(), decode(parts[3]), parts[4], query);
            } else {
                send(exchange, 404, CostJson.error("not found"));
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

    /** The endpoints over every tenant answer a tenant's key with its own tenant only. */
    private void everyTenant(HttpExchange exchange, Caller caller, String what, Map<String, String> query) throws IOException {
        switch (what) {
            case "tenants" -> send(exchange, 200, caller.admin() ? api.tenants() : CostJson.strings(java.util.List.of(caller.tenant())));
            case "sizes" -> send(exchange, 200, api.sizes());
            case "series" -> {
                if (caller.teamScoped()) {
                    send(exchange, 403, CostJson.error(ReadScope.refusal(caller, caller.tenant(), what, query).orElseThrow()));
                } else {
                    send(exchange, 200, api.allTenants(query, caller::mayRead));
                }
            }
            default -> send(exchange, 404, CostJson.error("not found"));
        }
    }

    private void tenant(HttpExchange exchange, Caller caller, String tenant, String what, Map<String, String> query) throws IOException {
        Optional<String> refused = ReadScope.refusal(caller, tenant, what, query);
        if (refused.isPresent()) {
            send(exchange, 403, CostJson.error(refused.get()));
            return;
        }
        JsonNode body = switch (what) {
            case "windows" -> api.windows(tenant, query);
            case "total" -> api.total(tenant, query);
            case "series" -> api.series(tenant, query);
            case "summary" -> api.summary(tenant, query);
            case "answers" -> api.answers(tenant, query);
            case "budgets" -> api.budgets(tenant, query);
            case "spend" -> api.spend(tenant, query);
            case "cache-bound" -> api.cacheBound(tenant);
            default -> null;
        };
        if (body == null) {
            send(exchange, 404, CostJson.error("not found"));
        } else {
            send(exchange, 200, ReadScope.visible(caller, what, body));
        }
    }

    /** {@code /dashboard} and {@code /dashboard/} serve the page, {@code /dashboard/{file}} its script and style. */
    private void dashboard(HttpExchange exchange, String file) throws IOException {
        DashboardAssets.Asset asset = assets.get(file.isEmpty() ? DashboardAssets.PAGE : file);
        if (asset == null) {
            send(exchange, 404, CostJson.error("not found"));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", asset.contentType());
        exchange.getResponseHeaders().set("Content-Security-Policy", DASHBOARD_CSP);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, asset.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(asset.body());
        }
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
