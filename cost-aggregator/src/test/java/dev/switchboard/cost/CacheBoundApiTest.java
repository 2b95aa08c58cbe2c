package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.cost.bound.CacheBoundView;
import dev.switchboard.schemas.CacheBoundState;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.access.Callers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router's published cache bound, read from llm.cache-bounds into the aggregator's global store and served to the dashboard. */
class CacheBoundApiTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;

    @Test
    void shouldServeEachTenantsVerifiedErrorRateFromTheCompactedTopic() throws Exception {
        try (CostDriver cost = new CostDriver("cache-bound-api", stateDir, NOW)) {
            cost.driver.createInputTopic(Topics.CACHE_BOUNDS, new StringSerializer(), cost.serdes.avro(CacheBoundState.class).serializer())
                    .pipeInput("acme", CacheBoundState.newBuilder().setTenant("acme").setCut(0.85).setTargetFalseHitRate(0.02).setVerifyFraction(0.05)
                            .setLookups(1_000).setServed(700).setVerifications(40).setFalseHits(1).setUpdatedAt(NOW).build());
            CacheBoundView bounds = CacheBoundView.of(() -> cost.driver.getKeyValueStore(CacheBoundView.STORE));
            try (CostQueryServer server = CostQueryServer.start(cost.windows, cost.spendView, cost.answerWindows, bounds,
                    Clock.fixed(NOW, ZoneOffset.UTC), Callers.open(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                JsonNode acme = get(server, "/api/tenants/acme/cache-bound");
                JsonNode globex = get(server, "/api/tenants/globex/cache-bound");

                assertThat(acme.get("bound").asBoolean()).isTrue();
                assertThat(acme.get("verified_false_hit_rate").asDouble()).isEqualTo(1 / 40.0);
                assertThat(acme.get("verifications").asLong()).isEqualTo(40);
                assertThat(acme.get("false_hits").asLong()).isEqualTo(1);
                assertThat(acme.get("cut").asDouble()).isEqualTo(0.85);
                assertThat(globex.get("bound").asBoolean()).isFalse();
            }
        }
    }

    private static JsonNode get(CostQueryServer server, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.uri() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
