package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.cost.budget.SpendView;
import dev.switchboard.schemas.Budget;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.SpendUpdate;
import dev.switchboard.schemas.WindowedCost;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CostQueryServerTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CostConfig config = CostConfig.defaults();
    private final List<String> calls = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private CostQueryServer server;

    /** In-memory windows: two per-tenant minutes, or one per model, team or feature when asked by one. */
    private final CostWindows fake = new CostWindows() {
        @Override
        public CostConfig config() {
            return config;
        }

        @Override
        public List<WindowedCost> windows(String tenant, String size, CostDimension by, Instant from, Instant to) {
            config.sizeOf(size);
            calls.add(tenant + "|" + size + "|" + by.label() + "|" + from + "|" + to);
            if (by != CostDimension.TENANT) {
                String name = by == CostDimension.MODEL ? "openai/gpt-4o" : "search";
                return List.of(by.set(WindowedCost.newBuilder(
                        window(tenant, null, size, NOW.minusSeconds(60), "0.000000150000", 1)), name).build());
            }
            return List.of(
                    window(tenant, null, size, NOW.minusSeconds(120), "0.000123000000", 3),
                    window(tenant, null, size, NOW.minusSeconds(60), "0.000000000001", 2));
        }

        @Override
        public SortedSet<String> tenants(Instant from, Instant to) {
            calls.add("tenants|" + from + "|" + to);
            return new TreeSet<>(List.of("acme", "globex"));
        }
    };

    /** One tenant budget of 0.0002 (hard) and 0.0001 (soft) per day, 0.000123 spent. */
    private final SpendView spend = new SpendView() {
        @Override
        public List<SpendUpdate> spend(String tenant, BudgetPeriod period, Instant periodStart) {
            calls.add("spend|" + tenant + "|" + period + "|" + periodStart);
            if (period != BudgetPeriod.DAY) {
                return List.of();
            }
            return List.of(SpendUpdate.newBuilder().setTenant(tenant).setScope(BudgetScope.TENANT).setScopeId(tenant)
                    .setPeriod(period).setPeriodStart(periodStart).setSpent(Money.of("0.000123000000")).setCalls(3)
                    .setUpdatedAt(NOW).build());
        }

        @Override
        public GovernancePolicy policy(String tenant) {
            return GovernancePolicy.newBuilder().setTenant(tenant).setBudgets(List.of(Budget.newBuilder()
                    .setScope(BudgetScope.TENANT).setScopeId(null).setPeriod(BudgetPeriod.DAY)
                    .setHardLimit(Money.of("0.0002")).setSoftLimit(Money.of("0.0001")).build())).build();
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        server = CostQueryServer.start(fake, spend, Clock.fixed(NOW, ZoneOffset.UTC), 0);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void shouldServeWindowsWithMoneyAsExactStrings() throws Exception {
        HttpResponse<String> response = get("/api/tenants/acme/windows?size=1m&from=2025-03-01T11:00:00Z&to=2025-03-01T12:00:00Z");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.isArray()).isTrue();
        assertThat(body).hasSize(2);
        JsonNode first = body.get(0);
        assertThat(first.get("cost").isTextual()).isTrue();
        assertThat(first.get("cost").asText()).isEqualTo("0.000123000000");
        assertThat(body.get(1).get("cost").asText()).isEqualTo("0.000000000001");
        assertThat(first.get("baseline_cost").isTextual()).isTrue();
        assertThat(first.get("tenant").asText()).isEqualTo("acme");
        assertThat(first.get("window").asText()).isEqualTo("1m");
        assertThat(first.get("window_start").asText()).isEqualTo("2025-03-01T11:58:00Z");
        assertThat(first.get("window_end").asText()).isEqualTo("2025-03-01T11:59:00Z");
        assertThat(first.get("calls").asLong()).isEqualTo(3);
        assertThat(first.has("model")).isFalse();
        assertThat(response.body()).doesNotContain("E-");
        assertThat(calls).containsExactly("acme|1m|tenant|2025-03-01T11:00:00Z|2025-03-01T12:00:00Z");
    }

    @Test
    void shouldDefaultToOneMinuteWindowsOverTheLastDay() throws Exception {
        assertThat(get("/api/tenants/acme/windows").statusCode()).isEqualTo(200);

        assertThat(calls).containsExactly("acme|1m|tenant|2025-02-28T12:00:00Z|2025-03-01T12:00:00Z");
    }

    @Test
    void shouldAskForPerModelWindowsAndDecodeTheTenant() throws Exception {
        HttpResponse<String> response = get("/api/tenants/team%20a/windows?size=1h&by=model");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get(0).get("model").asText()).isEqualTo("openai/gpt-4o");
        assertThat(calls).singleElement().asString().startsWith("team a|1h|model|");
    }

    @Test
    void shouldServeTotalWithExactCost() throws Exception {
        HttpResponse<String> response = get("/api/tenants/acme/total?size=1h");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("tenant").asText()).isEqualTo("acme");
        assertThat(body.get("cost").isTextual()).isTrue();
        assertThat(body.get("cost").asText()).isEqualTo("0.000123000001");
        assertThat(body.get("calls").asLong()).isEqualTo(5);
    }

    @Test
    void shouldRejectBadSizeWith400() throws Exception {
        HttpResponse<String> response = get("/api/tenants/acme/windows?size=5m");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("5m");
        assertThat(get("/api/tenants/acme/total?size=week").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRejectBadTimeWith400() throws Exception {
        assertThat(get("/api/tenants/acme/windows?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(get("/api/tenants/acme/windows?by=colour").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswer404ForUnknownPaths() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/api/tenants/acme").statusCode()).isEqualTo(404);
        assertThat(get("/api/tenants/acme/invoices").statusCode()).isEqualTo(404);
        assertThat(get("/api/tenants").statusCode()).isEqualTo(200);
        assertThat(get("/api/nothing").statusCode()).isEqualTo(404);
        assertThat(get("/dashboard/secrets.txt").statusCode()).isEqualTo(404);
        assertThat(get("/dashboard/a/b").statusCode()).isEqualTo(404);
        calls.removeIf(call -> call.startsWith("tenants|"));
        assertThat(get("/api/tenants/acme/windows/extra").statusCode()).isEqualTo(404);
        assertThat(calls).isEmpty();
    }

    @Test
    void shouldServeWindowsByTeamAndFeature() throws Exception {
        JsonNode team = JSON.readTree(get("/api/tenants/acme/windows?by=team").body());
        JsonNode feature = JSON.readTree(get("/api/tenants/acme/windows?by=feature").body());

        assertThat(team.get(0).get("team").asText()).isEqualTo("search");
        assertThat(team.get(0).has("model")).isFalse();
        assertThat(feature.get(0).get("feature").asText()).isEqualTo("search");
        assertThat(feature.get(0).get("routing_saved").isTextual()).isTrue();
        assertThat(calls).extracting(c -> c.split("\\|")[2]).containsExactly("team", "feature");
    }

    @Test
    void shouldServeSeriesOnZeroFilledBucketsEndingAtNow() throws Exception {
        HttpResponse<String> response = get("/api/tenants/acme/series?size=1m&buckets=3");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("by").asText()).isEqualTo("tenant");
        assertThat(body.get("buckets")).extracting(JsonNode::asText)
                .containsExactly("2025-03-01T11:58:00Z", "2025-03-01T11:59:00Z", "2025-03-01T12:00:00Z");
        JsonNode series = body.get("series").get(0);
        assertThat(series.get("name").asText()).isEqualTo("acme");
        assertThat(series.get("cost")).extracting(JsonNode::asText)
                .containsExactly("0.000123000000", "0.000000000001", "0.000000000000");
        assertThat(series.get("calls")).extracting(JsonNode::asLong).containsExactly(3L, 2L, 0L);
        assertThat(series.get("total").get("cost").asText()).isEqualTo("0.000123000001");
        assertThat(calls).containsExactly("acme|1m|tenant|2025-03-01T11:58:00Z|2025-03-01T12:00:00Z");
    }

    @Test
    void shouldServeEveryTenantsSeries() throws Exception {
        JsonNode body = JSON.readTree(get("/api/series?size=1m&buckets=3").body());

        assertThat(body.get("series")).extracting(s -> s.get("name").asText()).containsExactly("acme", "globex");
        assertThat(body.get("series").get(1).get("total").get("cost").asText()).isEqualTo("0.000123000001");
    }

    @Test
    void shouldServeSummaryWithSavingsAndCacheHitRateAsStrings() throws Exception {
        JsonNode body = JSON.readTree(get("/api/tenants/acme/summary?size=1m&buckets=3").body());

        assertThat(body.get("cost").asText()).isEqualTo("0.000123000001");
        assertThat(body.get("calls").asLong()).isEqualTo(5);
        assertThat(body.get("cache_hits").asLong()).isEqualTo(0);
        assertThat(body.get("cache_hit_percent").asText()).isEqualTo("0.00");
        for (String saving : List.of("routing_saved", "baseline_saved", "cache_saved", "batch_saved", "saved")) {
            assertThat(body.get(saving).asText()).as(saving).isEqualTo("0.000000000000");
        }
        assertThat(body.get("from").asText()).isEqualTo("2025-03-01T11:58:00Z");
        assertThat(body.get("to").asText()).isEqualTo("2025-03-01T12:01:00Z");
    }

    @Test
    void shouldServeBudgetsWithTheirUseInTheCurrentPeriod() throws Exception {
        JsonNode body = JSON.readTree(get("/api/tenants/acme/budgets").body());

        assertThat(body).hasSize(1);
        JsonNode budget = body.get(0);
        assertThat(budget.get("scope").asText()).isEqualTo("TENANT");
        assertThat(budget.get("scope_id").asText()).isEqualTo("acme");
        assertThat(budget.get("period_start").asText()).isEqualTo("2025-03-01T00:00:00Z");
        assertThat(budget.get("hard_limit").asText()).isEqualTo("0.000200000000");
        assertThat(budget.get("spent").asText()).isEqualTo("0.000123000000");
        assertThat(budget.get("hard_percent").asText()).isEqualTo("61.50");
        assertThat(budget.get("soft_percent").asText()).isEqualTo("123.00");
        assertThat(calls).containsExactly("spend|acme|DAY|2025-03-01T00:00:00Z");
    }

    @Test
    void shouldServeSpendOfTheDayAndTheMonth() throws Exception {
        JsonNode body = JSON.readTree(get("/api/tenants/acme/spend?at=2025-03-15T08:00:00Z").body());

        assertThat(body).singleElement().satisfies(row -> assertThat(row.get("spent").asText()).isEqualTo("0.000123000000"));
        assertThat(calls).containsExactly("spend|acme|DAY|2025-03-15T00:00:00Z", "spend|acme|MONTH|2025-03-01T00:00:00Z");
    }

    @Test
    void shouldListTenantsOverTheLargestWindowsRetention() throws Exception {
        JsonNode body = JSON.readTree(get("/api/tenants").body());

        assertThat(body).extracting(JsonNode::asText).containsExactly("acme", "globex");
        assertThat(calls).containsExactly("tenants|2025-01-12T12:00:00Z|2025-03-01T12:00:00Z"); // 48 days of 1d windows
    }

    @Test
    void shouldServeTheDashboardFromThisServerOnly() throws Exception {
        HttpResponse<String> page = get("/dashboard");
        HttpResponse<String> script = get("/dashboard/dashboard.js");
        HttpResponse<String> style = get("/dashboard/dashboard.css");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).contains(CostQueryServer.DASHBOARD_CSP);
        assertThat(page.body()).contains("id=\"budgets\"", "src=\"/dashboard/dashboard.js\"").doesNotContain("http://", "https://");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        // The only URL in the script is SVG's namespace name, which is never fetched.
        assertThat(script.body().replace("http://www.w3.org/2000/svg", "")).contains("/api/tenants").doesNotContain("http:", "https:");
        assertThat(style.statusCode()).isEqualTo(200);
        assertThat(get("/dashboard/").body()).isEqualTo(page.body());
        assertThat(server.dashboardUri().toString()).isEqualTo(server.uri() + "/dashboard");
    }

    @Test
    void shouldRejectBadSeriesParametersWith400() throws Exception {
        assertThat(get("/api/tenants/acme/series?buckets=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/tenants/acme/series?buckets=1001").statusCode()).isEqualTo(400);
        assertThat(get("/api/tenants/acme/series?buckets=many").statusCode()).isEqualTo(400);
        assertThat(get("/api/tenants/acme/series?by=colour").statusCode()).isEqualTo(400);
        assertThat(get("/api/tenants/acme/summary?size=1w").statusCode()).isEqualTo(400);
        assertThat(get("/api/tenants/acme/budgets?at=now").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRejectEveryOutOfRangeTimeWith400NotAStackTrace() throws Exception {
        List<String> paths = List.of("/api/series?to=%s", "/api/tenants/acme/series?to=%s", "/api/tenants/acme/summary?to=%s",
                "/api/tenants/acme/total?to=%s", "/api/tenants/acme/total?from=%s", "/api/tenants/acme/windows?to=%s",
                "/api/tenants/acme/windows?from=%s", "/api/tenants/acme/spend?at=%s", "/api/tenants/acme/budgets?at=%s",
                "/api/tenants/acme/answers?to=%s");
        List<String> times = List.of("+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "1969-12-31T23:59:59Z", "0001-01-01T00:00:00Z");
        for (String path : paths) {
            for (String time : times) {
                HttpResponse<String> response = get(String.format(path, time.replace("+", "%2B")));

                assertThat(response.statusCode()).as(path + " with " + time + ": " + response.body()).isEqualTo(400);
                assertThat(JSON.readTree(response.body()).get("error").asText()).as(path).contains("1970-01-01T00:00:00Z");
            }
        }
    }

    @Test
    void shouldRejectEveryOtherBadValueWith400() throws Exception {
        assertThat(get("/api/tenants/acme/total?from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z").statusCode()).isEqualTo(400);
        assertThat(get("/api/tenants/acme/series?size=1d&buckets=1000&to=1971-01-01T00:00:00Z").statusCode()).isEqualTo(400);
        assertThat(get("/api/tenants/acme/series?buckets=-1").statusCode()).isEqualTo(400);
        assertThat(get("/api/tenants/acme/answers?buckets=99999999999").statusCode()).isEqualTo(400);
        assertThat(rawStatusLine("/api/tenants/acme/summary?size=%ZZ")).as("a broken escape in a value").contains(" 400 ");
        assertThat(rawStatusLine("/api/tenants/%ZZ/summary")).as("a broken escape in the tenant").contains(" 400 ");
        assertThat(get("/api/series?to=2025-13-01T00:00:00Z").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswer405ForNonGet() throws Exception {
        HttpRequest post = HttpRequest.newBuilder(server.uri().resolve("/api/tenants/acme/windows"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();

        assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    @Test
    void shouldBindToLoopback() {
        assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
    }

    /** The status line for a request target Java's URI refuses to build (a broken percent escape), sent as is. */
    private String rawStatusLine(String target) throws IOException {
        try (Socket socket = new Socket(server.uri().getHost(), server.uri().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        URI uri = URI.create(server.uri() + pathAndQuery);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static WindowedCost window(String tenant, String model, String size, Instant start, String cost, long calls) {
        return WindowedCost.newBuilder(CostSum.empty(size))
                .setTenant(tenant)
                .setModel(model)
                .setWindowStart(start)
                .setWindowEnd(start.plusSeconds(60))
                .setCalls(calls)
                .setCost(Money.of(cost))
                .setBaselineCost(Money.of(cost))
                .build();
    }
}
