package dev.switchboard.launcher.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A tenant's total cost as the cost aggregator's JSON API reports it ({@code /api/tenants/{tenant}/total}). */
final class CostTotals {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    CostTotals(int port) {
        this.port = port;
    }

    /** Empty while the aggregator does not answer (starting, rebalancing) or knows nothing of the tenant yet. */
    Optional<BigDecimal> total(String tenant, Instant from, Instant to) throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/tenants/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8)
                + "/total?size=1h&from=" + from + "&to=" + to);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode cost = JSON.readTree(response.body()).get("cost");
            return cost == null ? Optional.empty() : Optional.of(new BigDecimal(cost.asText()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
