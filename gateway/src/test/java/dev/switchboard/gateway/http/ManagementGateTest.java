package dev.switchboard.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.GatewayMetrics;
import dev.switchboard.schemas.VirtualKey;
import dev.switchboard.schemas.access.Access;
import dev.switchboard.schemas.access.Callers;
import dev.switchboard.schemas.access.KeyHash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gate in front of the gateway's routes, on a real Vert.x server: behind it, a route that answers who got through. */
class ManagementGateTest {
    private static final String ADMIN = "sk-sb-admin-gate-test";
    private static final String ACME = "sk-sb-acme-key";
    private static final String REVOKED = "sk-sb-acme-revoked";
    private static final Map<String, VirtualKey> KEYS = Map.of(
            KeyHash.sha256Hex(ACME), VirtualKey.newBuilder().setKeyId("acme-ci").setKeySha256("-").setTenant("acme").build(),
            KeyHash.sha256Hex(REVOKED), VirtualKey.newBuilder().setKeyId("acme-old").setKeySha256("-").setTenant("acme").setRevoked(true).build());

    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private HttpServer server;

    @AfterEach
    void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldAskForTheAdminOrAValidKeyOnManagementEndpointsWithGovernanceOn() throws Exception {
        start(Callers.of(Access.withAdminKey(ADMIN), hash -> Optional.ofNullable(KEYS.get(hash)), Clock.systemUTC()));

        for (String path : new String[] {"/v1/files/file_1/content", "/v1/batches/batch_1", "/admin/anything"}) {
            assertThat(get(path, null).statusCode()).as(path + " without a key").isEqualTo(401);
            assertThat(get(path, "sk-sb-not-issued").statusCode()).as(path + " with an unknown key").isEqualTo(401);
            assertThat(get(path, REVOKED).statusCode()).as(path + " with a revoked key").isEqualTo(401);
            assertThat(get(path, ADMIN).statusCode()).as(path + " as admin").isEqualTo(200);
        }
        assertThat(get("/v1/batches/batch_1", ACME).statusCode()).isEqualTo(200);
        HttpResponse<String> adminOnly = get("/admin/anything", ACME);
        assertThat(adminOnly.statusCode()).isEqualTo(403);
        assertThat(adminOnly.body()).contains("admin_only").doesNotContain(ACME);
        assertThat(get("/v1/models", null).statusCode()).as("not a management endpoint").isEqualTo(200);
        assertThat(get("/v1/files/x", null).body()).contains("invalid_api_key");
    }

    @Test
    void shouldLetEverythingThroughWithGovernanceOff() throws Exception {
        start(Callers.open());

        assertThat(get("/v1/batches/batch_1", null).statusCode()).isEqualTo(200);
        assertThat(get("/admin/anything", null).statusCode()).isEqualTo(200);
    }

    private void start(Callers callers) throws Exception {
        vertx = Vertx.vertx();
        GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry(), () -> 0);
        server = vertx.createHttpServer()
                .requestHandler(new ManagementGate(callers, metrics, request -> request.response().setStatusCode(200).end("through")))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
