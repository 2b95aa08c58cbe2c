package dev.switchboard.simulator;

import static dev.switchboard.simulator.AnthropicMessagesTest.VERSION;
import static dev.switchboard.simulator.AnthropicMessagesTest.message;
import static dev.switchboard.simulator.BatchTestSupport.jsonLines;
import static dev.switchboard.simulator.BatchTestSupport.pollUntil;
import static dev.switchboard.simulator.SimulatorClient.MAPPER;
import static dev.switchboard.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicBatchesTest {

    private static SimulatedProvider start(Duration batchCompletion) {
        return SimulatedProvider.start(SimulatorConfig.defaults().withLatencyScale(0.0).withBatchCompletion(batchCompletion));
    }

    private static String batchBody(String... idsAndModels) {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        for (int i = 0; i + 1 < idsAndModels.length; i += 2) {
            requests.addObject().put("custom_id", idsAndModels[i])
                    .set("params", message(idsAndModels[i + 1], "Question " + i, 256));
        }
        return body.toString();
    }

    private static HttpResponse<String> get(SimulatorClient client, String path) {
        return client.get(path, "anthropic-version", VERSION);
    }

    @Test
    void batchEndsAndResultsHoldOneLinePerRequest() {
        try (SimulatedProvider provider = start(Duration.ofMillis(400))) {
            SimulatorClient client = new SimulatorClient(provider);
            ObjectNode body = (ObjectNode) BatchTestSupport.read(batchBody("first", "sim/small", "second", "sim/large",
                    "unknown", "claude-nope"));
            ObjectNode noMax = message("sim/small", "hi", 1);
            noMax.remove("max_tokens");
            ((ArrayNode) body.get("requests")).addObject().put("custom_id", "no-max").set("params", noMax);

            HttpResponse<String> created = client.postJson("/messages/batches", body.toString(), "anthropic-version", VERSION);

            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(created.headers().firstValue("x-switchboard-simulated")).contains("true");
            JsonNode batch = json(created);
            String id = batch.path("id").asText();
            assertThat(id).startsWith("msgbatch_");
            assertThat(batch.path("type").asText()).isEqualTo("message_batch");
            assertThat(batch.path("processing_status").asText()).isEqualTo("in_progress");
            assertThat(batch.path("request_counts").path("processing").asInt()).isEqualTo(4);
            assertThat(batch.path("results_url").isNull()).isTrue();
            assertThat(batch.path("created_at").asText()).endsWith("Z");

            JsonNode ended = pollUntil(() -> get(client, "/messages/batches/" + id),
                    b -> b.path("processing_status").asText().equals("ended"));
            assertThat(ended.path("processing_status").asText()).isEqualTo("ended");
            JsonNode counts = ended.path("request_counts");
            assertThat(counts.path("processing").asInt()).isZero();
            assertThat(counts.path("succeeded").asInt()).isEqualTo(2);
            assertThat(counts.path("errored").asInt()).isEqualTo(2);
            String resultsUrl = ended.path("results_url").asText();
            assertThat(resultsUrl).isEqualTo(provider.baseUri() + "/messages/batches/" + id + "/results");

            HttpResponse<String> results = client.send(HttpRequest.newBuilder(java.net.URI.create(resultsUrl))
                    .header("anthropic-version", VERSION).GET().build());
            assertThat(results.statusCode()).isEqualTo(200);
            List<JsonNode> lines = jsonLines(results.body());
            assertThat(lines).extracting(l -> l.path("custom_id").asText()).containsExactly("first", "second", "unknown", "no-max");
            JsonNode first = lines.get(0).path("result");
            assertThat(first.path("type").asText()).isEqualTo("succeeded");
            JsonNode sync = json(AnthropicMessagesTest.post(client, message("sim/small", "Question 0", 256)));
            assertThat(first.path("message").path("content")).isEqualTo(sync.path("content"));
            assertThat(first.path("message").path("usage").path("output_tokens").asInt()).isPositive();
            assertThat(lines.get(1).path("result").path("type").asText()).isEqualTo("succeeded");
            assertThat(lines.get(2).path("result").path("type").asText()).isEqualTo("errored");
            assertThat(lines.get(2).path("result").path("error").path("error").path("type").asText()).isEqualTo("not_found_error");
            assertThat(lines.get(3).path("result").path("error").path("error").path("type").asText()).isEqualTo("invalid_request_error");

            assertThat(provider.stats().batchesCreated()).isEqualTo(1);
            assertThat(provider.stats().batchLineCalls()).isEqualTo(4);
        }
    }

    @Test
    void canceledBatchEndsWithCanceledResults() {
        try (SimulatedProvider provider = start(Duration.ofMinutes(10))) {
            SimulatorClient client = new SimulatorClient(provider);
            String id = json(client.postJson("/messages/batches", batchBody("a", "sim/small"), "anthropic-version", VERSION))
                    .path("id").asText();

            assertThat(get(client, "/messages/batches/" + id + "/results").statusCode()).isEqualTo(400);
            JsonNode canceling = json(client.postJson("/messages/batches/" + id + "/cancel", "", "anthropic-version", VERSION));
            assertThat(canceling.path("processing_status").asText()).isEqualTo("canceling");
            JsonNode ended = json(get(client, "/messages/batches/" + id));
            assertThat(ended.path("processing_status").asText()).isEqualTo("ended");
            assertThat(ended.path("request_counts").path("canceled").asInt()).isEqualTo(1);
            assertThat(jsonLines(get(client, "/messages/batches/" + id + "/results").body()).get(0)
                    .path("result").path("type").asText()).isEqualTo("canceled");
            assertThat(provider.stats().batchLineCalls()).isZero();
        }
    }

    @Test
    void envelopeErrorsAreRejectedUpFront() {
        try (SimulatedProvider provider = start(Duration.ZERO)) {
            SimulatorClient client = new SimulatorClient(provider);

            assertThat(client.postJson("/messages/batches", batchBody("a", "sim/small")).statusCode()).isEqualTo(400);
            HttpResponse<String> duplicate = client.postJson("/messages/batches",
                    batchBody("a", "sim/small", "a", "sim/large"), "anthropic-version", VERSION);
            assertThat(duplicate.statusCode()).isEqualTo(400);
            assertThat(json(duplicate).path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(client.postJson("/messages/batches", "{\"requests\":[]}", "anthropic-version", VERSION).statusCode())
                    .isEqualTo(400);
            assertThat(get(client, "/messages/batches/msgbatch_nope").statusCode()).isEqualTo(404);
            assertThat(provider.stats().batchesCreated()).isZero();
        }
    }
}
