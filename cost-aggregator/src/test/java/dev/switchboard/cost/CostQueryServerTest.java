package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.WindowedCost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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

    /** In-memory windows: two per-tenant minutes, or one per model when asked by model. */
    private final CostWindows fake = (tenant, size, byModel, from, to) -> {
        config.sizeOf(size);
        calls.add(tenant + "|" + size + "|" + byModel + "|" + from + "|" + to);
        if (byModel) {
            return List.of(window(tenant, "openai/gpt-4o", size, NOW.minusSeconds(60), "0.000000150000", 1));
        }
        return List.of(
                window(tenant, null, size, NOW.minusSeconds(120), "0.000123000000", 3),
                window(tenant, null, size, NOW.minusSeconds(60), "0.000000000001", 2));
    };

    @BeforeEach
    void setUp() throws IOException {
        server = CostQueryServer.start(fake, Clock.fixed(NOW, ZoneOffset.UTC), 0);
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
        assertThat(calls).containsExactly("acme|1m|false|2025-03-01T11:00:00Z|2025-03-01T12:00:00Z");
    }

    @Test
    void shouldDefaultToOneMinuteWindowsOverTheLastDay() throws Exception {
        assertThat(get("/api/tenants/acme/windows").statusCode()).isEqualTo(200);

        assertThat(calls).containsExactly("acme|1m|false|2025-02-28T12:00:00Z|2025-03-01T12:00:00Z");
    }

    @Test
    void shouldAskForPerModelWindowsAndDecodeTheTenant() throws Exception {
        HttpResponse<String> response = get("/api/tenants/team%20a/windows?size=1h&by=model");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get(0).get("model").asText()).isEqualTo("openai/gpt-4o");
        assertThat(calls).singleElement().asString().startsWith("team a|1h|true|");
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
        assertThat(get("/api/tenants/acme/windows?by=team").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswer404ForUnknownPaths() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/api/tenants/acme").statusCode()).isEqualTo(404);
        assertThat(get("/api/tenants/acme/spend").statusCode()).isEqualTo(404);
        assertThat(get("/api/tenants/acme/windows/extra").statusCode()).isEqualTo(404);
        assertThat(calls).isEmpty();
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
