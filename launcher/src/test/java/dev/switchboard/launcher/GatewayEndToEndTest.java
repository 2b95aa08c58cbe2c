package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.GatewayApp;
import dev.switchboard.gateway.GatewayMetrics;
import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.router.governance.VirtualKeyHash;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI-compatible gateway over real HTTP on the embedded system (broker, router, workers, simulated provider):
 * answers and their facts, streaming, every error status, body limits, deadlines and disconnects accounted, and a batch
 * that a second gateway instance still knows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String KEY = "sk-sb-gateway-main-000000000000000000000000";
    private static final String SMALL_ONLY = "sk-sb-gateway-small-only-00000000000000000";
    private static final String LIMITED = "sk-sb-gateway-limited-0000000000000000000";
    private static final String BROKE = "sk-sb-gateway-broke-000000000000000000000";
    private static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SwitchboardSystem system;
    private URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path governance = Files.writeString(dir.resolve("governance.yaml"), """
                tenants:
                  gw:
                    requireKey: true
                    rateLimits:
                      - {scope: key, id: gw-limited, rpm: 1}
                  broke:
                    requireKey: true
                    budgets:
                      - {scope: tenant, period: day, hard: 0.000000001}
                keys:
                  - {id: gw-main, tenant: gw, sha256: %s}
                  - {id: gw-small-only, tenant: gw, models: [sim/small], sha256: %s}
                  - {id: gw-limited, tenant: gw, sha256: %s}
                  - {id: broke-key, tenant: broke, sha256: %s}
                """.formatted(VirtualKeyHash.sha256Hex(KEY), VirtualKeyHash.sha256Hex(SMALL_ONLY), VirtualKeyHash.sha256Hex(LIMITED),
                VirtualKeyHash.sha256Hex(BROKE)));
        SwitchboardConfig config = PipelineContract.fastDefaults().withPorts(0, 0, 0, 0)
                .withGovernance(new SwitchboardConfig.GovernanceSettings(governance, Duration.ofMillis(200)));
        // Exact cache only: the semantic cache's model is not what this test is about, and loading it costs seconds.
        config = config.withEmbeddings(new SwitchboardConfig.EmbeddingSettings("none"));
        config = config.withGateway(new SwitchboardConfig.GatewaySettings(null, 0, MAX_BODY, null, null, null, null, null, null));
        system = SwitchboardSystem.start(config, EnumSet.allOf(Component.class));
        system.awaitGovernance(system.governance().awaitPublishedAfter(0, TIMEOUT), TIMEOUT);
        base = system.gateway().orElseThrow().baseUri();
    }

    @AfterAll
    void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void shouldAnswerInOpenAisShapeWithSwitchboardsFactsInHeadersAndBody() throws Exception {
        HttpResponse<String> response = post("/chat/completions", KEY, chat("sim/small", "What is a gateway? " + UUID.randomUUID()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("sim/small");
        assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").asText()).isNotBlank();
        assertThat(body.at("/usage/total_tokens").asInt()).isPositive();
        assertThat(body.at("/switchboard/cache/outcome").asText()).isEqualTo("miss");
        assertThat(new BigDecimal(body.at("/switchboard/cost_usd").asText())).isPositive();
        assertThat(response.headers().firstValue("x-switchboard-model")).hasValue("sim/small");
        assertThat(response.headers().firstValue("x-switchboard-cost-usd")).hasValue(body.at("/switchboard/cost_usd").asText());
        assertThat(response.headers().firstValue("x-switchboard-cache")).hasValue("miss");
        assertThat(response.headers().firstValue("x-switchboard-request-id")).hasValue(body.at("/switchboard/request_id").asText());
    }

    @Test
    void shouldStreamTheAnswerAsServerSentEventsEndingWithDone() throws Exception {
        String question = "Stream me an answer " + UUID.randomUUID();
        HttpResponse<String> response = post("/chat/completions", KEY,
                "{\"model\":\"sim/small\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<String> events = response.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        StringBuilder content = new StringBuilder();
        String finish = null;
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode chunk = JSON.readTree(event);
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            JsonNode choice = chunk.at("/choices/0");
            if (!choice.isMissingNode()) {
                content.append(choice.at("/delta/content").asText(""));
                finish = choice.path("finish_reason").isNull() ? finish : choice.path("finish_reason").asText();
            }
        }
        assertThat(content.toString()).isNotBlank();
        assertThat(finish).isNotNull();
        assertThat(JSON.readTree(events.get(events.size() - 2)).at("/usage/total_tokens").asInt()).as("the usage chunk").isPositive();
    }

    @Test
    void shouldOpenTheStreamBeforeTheAnswerAndSendALateRefusalAsAnErrorEvent() throws Exception {
        MeterRegistry registry = system.metrics().orElseThrow().registry();
        // The router refuses this tenant's every call (its budget is spent), a trip through Kafka after publishing.
        HttpResponse<String> response = post("/chat/completions", BROKE, "{\"model\":\"sim/small\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"refused later " + UUID.randomUUID() + "\"}]}");

        // The stream opened with the role chunk while the refusal was still on its way, so it comes as an event.
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> events = response.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(events).hasSize(2).doesNotContain("[DONE]");
        JsonNode role = JSON.readTree(events.get(0));
        assertThat(role.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(role.path("model").asText()).isEqualTo("sim/small");
        JsonNode refusal = JSON.readTree(events.get(1));
        assertThat(refusal.at("/error/code").asText()).isEqualTo("budget_exceeded");
        assertThat(refusal.at("/switchboard/status_code").asInt()).isEqualTo(402);
        assertThat(role.path("id").asText()).isEqualTo("chatcmpl-" + refusal.at("/switchboard/request_id").asText());
        assertThat(registry.find(GatewayMetrics.REQUESTS).tag("endpoint", "chat.completions").tag("status", "402").timer())
                .as("the streamed refusal is timed under its own status").isNotNull();
    }

    @Test
    void shouldListTheServedModels() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/models")).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        List<String> ids = new ArrayList<>();
        body.path("data").forEach(m -> ids.add(m.path("id").asText()));
        assertThat(ids).containsExactly("auto", "sim/small", "sim/large", "sim/long");
    }

    @Test
    void shouldAnswerEachRefusalWithItsStatusAndOpenAisErrorBody() throws Exception {
        assertError(post("/chat/completions", null, chat("sim/small", "no key"), "x-switchboard-tenant", "gw"), 401, "missing_key");
        assertError(post("/chat/completions", "sk-sb-not-issued", chat("sim/small", "bad key"), "x-switchboard-tenant", "gw"), 401, "invalid_key");
        assertError(post("/chat/completions", SMALL_ONLY, chat("sim/large", "out of scope")), 403, "key_scope");
        assertError(post("/chat/completions", KEY, chat("nobody/nothing", "unknown model")), 404, "model_not_found");
        assertError(post("/chat/completions", KEY, "{not json"), 400, "invalid_request");
        assertError(post("/chat/completions", KEY, "{\"model\":\"sim/small\",\"messages\":[]}"), 400, "invalid_request");
        HttpResponse<String> broke = post("/chat/completions", BROKE, chat("sim/small", "over budget"));
        assertError(broke, 402, "budget_exceeded");
        assertThat(JSON.readTree(broke.body()).at("/error/type").asText()).isEqualTo("insufficient_quota");

        assertThat(post("/chat/completions", LIMITED, chat("sim/small", "first in the minute " + UUID.randomUUID())).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = post("/chat/completions", LIMITED, chat("sim/small", "second in the minute " + UUID.randomUUID()));
        assertError(limited, 429, "rate_limited");
        assertThat(limited.headers().firstValue("retry-after")).hasValue("10");
        assertError(http.send(HttpRequest.newBuilder(uri("/batches/batch_nothing")).header("Authorization", "Bearer " + KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString()), 404, "batch_not_found");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheGatewayIsFull() throws Exception {
        SwitchboardConfig config = SwitchboardConfig.load(null);
        var full = config.withGateway(new SwitchboardConfig.GatewaySettings(null, 0, null, null, null, null, 1, null, null)).gatewayConfig();
        MeterRegistry registry = new SimpleMeterRegistry();
        try (GatewayApp gateway = GatewayApp.start(full, system.bootstrapServers(), system.serdes(), registry)) {
            // One slot; calls that arrive together mostly find it taken, since each holds it for a trip through Kafka.
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(gateway.baseUri() + "/chat/completions"))
                        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(chat("sim/small", "crowd " + i + " " + UUID.randomUUID()))).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (var call : calls) {
                responses.add(call.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            }
            List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 503).toList();
            assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200, 503).contains(200);
            assertThat(refused).isNotEmpty();
            assertError(refused.get(0), 503, "gateway_overloaded");
            assertThat(refused.get(0).headers().firstValue("retry-after")).hasValue("1");
            assertThat(registry.find(GatewayMetrics.REQUESTS).tag("status", "503").timer().count()).isEqualTo(refused.size());
        }
    }

    @Test
    void shouldRefuseAnOversizedBodyBeforeReadingItWhole() throws Exception {
        String huge = chat("sim/small", "x".repeat(MAX_BODY));
        assertError(post("/chat/completions", KEY, huge), 413, "request_too_large");
        // Without a length announced the body is refused as soon as it passes the limit.
        HttpRequest chunked = HttpRequest.newBuilder(uri("/chat/completions")).header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))).build();
        try {
            HttpResponse<String> response = http.send(chunked, HttpResponse.BodyHandlers.ofString());
            assertError(response, 413, "request_too_large");
        } catch (IOException closedWhileSending) {
            // the connection was closed under the rest of the body: refused all the same
        }
        assertThat(post("/chat/completions", KEY, chat("sim/small", "still serving after that " + UUID.randomUUID())).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer504AtTheDeadlineAndStillAccountForTheAnswer() throws Exception {
        HttpResponse<String> response = post("/chat/completions", KEY, chat("sim/large", "too slow " + UUID.randomUUID()), "x-switchboard-timeout-ms", "1");
        assertError(response, 504, "deadline_exceeded");
        var client = system.gateway().orElseThrow().client();
        awaitTrue(() -> client.stats().inFlight() == 0, "the expired request's answer arrives and frees its slot");
        assertThat(client.stats().forgotten()).isZero();
    }

    @Test
    void shouldCountTheAnswerOfACallerThatHungUp() throws Exception {
        MeterRegistry registry = system.metrics().orElseThrow().registry();
        assertThat(post("/chat/completions", KEY, chat("sim/small", "answered normally " + UUID.randomUUID())).statusCode()).isEqualTo(200);
        double before = undelivered(registry, "disconnected");
        String body = chat("sim/large", "I will not wait " + UUID.randomUUID());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        awaitTrue(() -> undelivered(registry, "disconnected") > before, "the answer to the caller that left is counted");
        assertThat(registry.find(GatewayMetrics.REQUESTS).tag("endpoint", "chat.completions").tag("status", "200").timer()).isNotNull();
        assertThat(registry.find(GatewayMetrics.REQUESTS).tag("status", "499").timer()).as("the hang-up is timed as 499").isNotNull();
    }

    @Test
    void shouldRunABatchAndKeepItAcrossAGatewayRestart() throws Exception {
        String jsonl = String.join("\n",
                line("a", "sim/small", "Batch question A " + UUID.randomUUID()),
                line("b", "sim/small", "Batch question B " + UUID.randomUUID()),
                "{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{}}",
                line("d", "nobody/nothing", "unknown model in a batch"),
                "this line is not JSON") + "\n";
        String boundary = "sb" + UUID.randomUUID();
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n"
                + jsonl + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(uri("/files")).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofString(multipart)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        String fileId = JSON.readTree(uploaded.body()).path("id").asText();

        HttpResponse<String> created = post("/batches", KEY, "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/chat/completions\","
                + "\"completion_window\":\"24h\",\"metadata\":{\"run\":\"e2e\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String batchId = JSON.readTree(created.body()).path("id").asText();

        JsonNode done = awaitBatch(base, batchId);
        assertThat(done.at("/request_counts/total").asInt()).isEqualTo(5);
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(2);
        assertThat(done.at("/request_counts/failed").asInt()).isEqualTo(3);
        assertThat(done.at("/metadata/run").asText()).isEqualTo("e2e");

        List<JsonNode> output = jsonLines(get(base, "/files/" + done.path("output_file_id").asText() + "/content").body());
        assertThat(output).extracting(l -> l.path("custom_id").asText()).containsExactly("a", "b");
        assertThat(output).allSatisfy(l -> {
            assertThat(l.at("/response/status_code").asInt()).isEqualTo(200);
            assertThat(l.at("/response/body/choices/0/message/content").asText()).isNotBlank();
            assertThat(l.at("/response/body/switchboard/route/tier").asText()).isEqualTo("batch");
        });
        HttpResponse<String> otherTenant = http.send(HttpRequest.newBuilder(uri("/files/" + done.path("output_file_id").asText() + "/content"))
                .header("Authorization", "Bearer " + BROKE).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertError(otherTenant, 404, "file_not_found");
        List<JsonNode> errors = jsonLines(get(base, "/files/" + done.path("error_file_id").asText() + "/content").body());
        assertThat(errors).hasSize(3);
        assertThat(errors).filteredOn(l -> l.path("custom_id").asText().equals("d")).singleElement()
                .satisfies(l -> assertThat(l.at("/response/status_code").asInt()).isEqualTo(404));
        assertThat(errors).filteredOn(l -> l.path("response").isNull()).hasSize(2)
                .allSatisfy(l -> assertThat(l.at("/error/code").asText()).isEqualTo("invalid_request"));

        // A second gateway instance, started after the batch finished, reads the same state from Kafka.
        SwitchboardConfig config = SwitchboardConfig.load(null);
        try (GatewayApp restarted = GatewayApp.start(config.withGateway(config.gateway().withPort(0)).gatewayConfig(),
                system.bootstrapServers(), system.serdes(), new SimpleMeterRegistry())) {
            JsonNode again = JSON.readTree(get(restarted.baseUri(), "/batches/" + batchId).body());
            assertThat(again.path("status").asText()).isEqualTo("completed");
            assertThat(again.path("output_file_id").asText()).isEqualTo(done.path("output_file_id").asText());
            assertThat(jsonLines(get(restarted.baseUri(), "/files/" + done.path("output_file_id").asText() + "/content").body())).hasSize(2);
        }
    }

    @Test
    void shouldServeEveryFileAndFinishEveryBatchAfterTheGatewayRestarts() throws Exception {
        SwitchboardConfig config = SwitchboardConfig.load(null);
        var gatewayConfig = config.withGateway(config.gateway().withPort(0)).gatewayConfig();
        String later = line("later", "sim/small", "Run after the restart " + UUID.randomUUID()) + "\n";
        String pending = line("p1", "sim/large", "Pending across the restart " + UUID.randomUUID()) + "\n"
                + line("p2", "sim/large", "Also pending " + UUID.randomUUID()) + "\n";
        String laterFile;
        String pendingBatch;
        try (GatewayApp first = GatewayApp.start(gatewayConfig, system.bootstrapServers(), system.serdes(), new SimpleMeterRegistry())) {
            laterFile = upload(first.baseUri(), later);
            String pendingFile = upload(first.baseUri(), pending);
            HttpResponse<String> created = post(first.baseUri(), "/batches", "{\"input_file_id\":\"" + pendingFile
                    + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            pendingBatch = JSON.readTree(created.body()).path("id").asText();
        }
        // Nothing of the first instance is left but what it wrote to Kafka.
        try (GatewayApp restarted = GatewayApp.start(gatewayConfig, system.bootstrapServers(), system.serdes(), new SimpleMeterRegistry())) {
            URI at = restarted.baseUri();
            HttpResponse<String> content = get(at, "/files/" + laterFile + "/content");
            assertThat(content.statusCode()).as(content.body()).isEqualTo(200);
            assertThat(content.body()).isEqualTo(later);
            assertThat(JSON.readTree(get(at, "/files/" + laterFile).body()).path("bytes").asLong())
                    .isEqualTo(later.getBytes(StandardCharsets.UTF_8).length);

            JsonNode finished = awaitBatch(at, pendingBatch);
            assertThat(jsonLines(get(at, "/files/" + finished.path("output_file_id").asText() + "/content").body()))
                    .extracting(l -> l.path("custom_id").asText()).containsExactly("p1", "p2");

            HttpResponse<String> created = post(at, "/batches", "{\"input_file_id\":\"" + laterFile
                    + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}");
            assertThat(created.statusCode()).as("a batch from a file uploaded before the restart: " + created.body()).isEqualTo(200);
            JsonNode done = awaitBatch(at, JSON.readTree(created.body()).path("id").asText());
            assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(1);
        }
    }

    private String upload(URI at, String jsonl) throws Exception {
        String boundary = "sb" + UUID.randomUUID();
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n"
                + jsonl + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create(at + "/files")).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofString(multipart)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        return JSON.readTree(uploaded.body()).path("id").asText();
    }

    private HttpResponse<String> post(URI at, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(at + path)).header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitBatch(URI at, String batchId) throws Exception {
        long until = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode batch = JSON.readTree(get(at, "/batches/" + batchId).body());
            if (batch.path("status").asText().equals("completed") || System.nanoTime() > until) {
                assertThat(batch.path("status").asText()).as(batch.toString()).isEqualTo("completed");
                return batch;
            }
            Thread.sleep(200); // polling, as an SDK user does: the batch API has no push
        }
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) throws InterruptedException {
        long until = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as(what).isLessThan(until);
            Thread.sleep(50); // polling a counter that another thread moves
        }
    }

    private static double undelivered(MeterRegistry registry, String reason) {
        var counter = registry.find(GatewayMetrics.UNDELIVERED).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<JsonNode> jsonLines(String content) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : content.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static String line(String customId, String model, String question) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":" + chat(model, question) + "}";
    }

    private static String chat(String model, String question) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isNotBlank();
    }

    private HttpResponse<String> get(URI at, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(at + path)).header("Authorization", "Bearer " + KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String key, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }
}
