package dev.switchboard.simulator;

import static dev.switchboard.simulator.BatchTestSupport.batchLine;
import static dev.switchboard.simulator.BatchTestSupport.jsonLines;
import static dev.switchboard.simulator.BatchTestSupport.pollUntil;
import static dev.switchboard.simulator.BatchTestSupport.upload;
import static dev.switchboard.simulator.SimulatorClient.chatBody;
import static dev.switchboard.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiBatchTest {

    private static SimulatedProvider start(Duration batchCompletion, Fault... faults) {
        return SimulatedProvider.start(SimulatorConfig.defaults().withLatencyScale(0.0)
                .withBatchCompletion(batchCompletion).withFaults(List.of(faults)));
    }

    private static String createBody(String fileId) {
        return "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}";
    }

    @Test
    void uploadCreatePollAndDownloadGiveOneLinePerRequestMatchingTheSyncAnswers() {
        try (SimulatedProvider provider = start(Duration.ofMillis(400))) {
            SimulatorClient client = new SimulatorClient(provider);
            String small = chatBody("sim/small", "What is a consumer group?");
            String large = chatBody("sim/large", "Explain log compaction");
            String unknown = chatBody("gpt-unknown", "hi");
            String jsonl = String.join("\n", batchLine("req-1", small), batchLine("req-2", large),
                    batchLine("req-3", unknown)) + "\n";

            HttpResponse<String> uploaded = upload(client, "batch", "requests.jsonl", jsonl);
            assertThat(uploaded.statusCode()).isEqualTo(200);
            assertThat(uploaded.headers().firstValue("x-switchboard-simulated")).contains("true");
            JsonNode file = json(uploaded);
            assertThat(file.path("id").asText()).startsWith("file-");
            assertThat(file.path("object").asText()).isEqualTo("file");
            assertThat(file.path("purpose").asText()).isEqualTo("batch");
            assertThat(file.path("filename").asText()).isEqualTo("requests.jsonl");
            assertThat(file.path("bytes").asInt()).isEqualTo(jsonl.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            assertThat(file.path("created_at").asLong()).isPositive();

            HttpResponse<String> created = client.postJson("/batches", createBody(file.path("id").asText()));
            assertThat(created.statusCode()).isEqualTo(200);
            JsonNode batch = json(created);
            String id = batch.path("id").asText();
            assertThat(id).startsWith("batch_");
            assertThat(batch.path("object").asText()).isEqualTo("batch");
            assertThat(batch.path("status").asText()).isEqualTo("validating");
            assertThat(batch.path("output_file_id").isNull()).isTrue();
            assertThat(batch.path("request_counts").path("total").asInt()).isEqualTo(3);
            assertThat(batch.path("completion_window").asText()).isEqualTo("24h");

            JsonNode first = json(client.get("/batches/" + id));
            assertThat(first.path("status").asText()).isIn("in_progress", "completed");
            if (first.path("status").asText().equals("in_progress")) {
                assertThat(first.path("output_file_id").isNull()).isTrue();
            }

            JsonNode done = pollUntil(() -> client.get("/batches/" + id),
                    b -> b.path("status").asText().equals("completed"));
            assertThat(done.path("status").asText()).isEqualTo("completed");
            assertThat(done.path("completed_at").asLong()).isPositive();
            assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(2);
            assertThat(done.path("request_counts").path("failed").asInt()).isEqualTo(1);
            String outputId = done.path("output_file_id").asText();
            assertThat(outputId).startsWith("file-");

            HttpResponse<String> content = client.get("/files/" + outputId + "/content");
            assertThat(content.statusCode()).isEqualTo(200);
            List<JsonNode> lines = jsonLines(content.body());
            assertThat(lines).extracting(l -> l.path("custom_id").asText()).containsExactly("req-1", "req-2", "req-3");
            for (int i = 0; i < 2; i++) {
                JsonNode line = lines.get(i);
                String body = i == 0 ? small : large;
                assertThat(line.path("id").asText()).startsWith("batch_req_");
                assertThat(line.path("error").isNull()).isTrue();
                JsonNode response = line.path("response");
                assertThat(response.path("status_code").asInt()).isEqualTo(200);
                assertThat(response.path("request_id").asText()).isNotBlank();
                JsonNode completion = response.path("body");
                JsonNode sync = json(client.post(body));
                assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
                assertThat(completion.path("choices").get(0).path("message").path("content").asText())
                        .isEqualTo(sync.path("choices").get(0).path("message").path("content").asText());
                assertThat(completion.path("usage")).isEqualTo(sync.path("usage"));
                assertThat(completion.path("usage").path("total_tokens").asInt()).isPositive();
            }
            JsonNode missing = lines.get(2).path("response");
            assertThat(missing.path("status_code").asInt()).isEqualTo(404);
            assertThat(missing.path("body").path("error").path("code").asText()).isEqualTo("model_not_found");

            List<JsonNode> errors = jsonLines(client.get("/files/" + done.path("error_file_id").asText() + "/content").body());
            assertThat(errors).extracting(l -> l.path("custom_id").asText()).containsExactly("req-3");

            assertThat(provider.stats().batchesCreated()).isEqualTo(1);
            assertThat(provider.stats().batchLineCalls()).isEqualTo(3);
            assertThat(provider.stats().callsFor("sim/small")).isEqualTo(2); // batch line + sync comparison
        }
    }

    @Test
    void faultsApplyPerLine() {
        try (SimulatedProvider provider = start(Duration.ZERO, Fault.always("sim/large", FaultKind.SERVER_ERROR))) {
            SimulatorClient client = new SimulatorClient(provider);
            String jsonl = batchLine("ok", chatBody("sim/small", "hi")) + "\n" + batchLine("boom", chatBody("sim/large", "hi"));
            String fileId = json(upload(client, "batch", "in.jsonl", jsonl)).path("id").asText();
            String id = json(client.postJson("/batches", createBody(fileId))).path("id").asText();

            JsonNode done = pollUntil(() -> client.get("/batches/" + id), b -> b.path("status").asText().equals("completed"));
            List<JsonNode> lines = jsonLines(client.get("/files/" + done.path("output_file_id").asText() + "/content").body());

            assertThat(lines.get(0).path("response").path("status_code").asInt()).isEqualTo(200);
            assertThat(lines.get(1).path("response").path("status_code").asInt()).isEqualTo(500);
            assertThat(lines.get(1).path("response").path("body").path("error").path("type").asText()).isEqualTo("server_error");
            assertThat(provider.stats().faultsInjected(FaultKind.SERVER_ERROR)).isEqualTo(1);
        }
    }

    @Test
    void invalidInputLinesFailTheBatchWithLineNumbers() {
        try (SimulatedProvider provider = start(Duration.ZERO)) {
            SimulatorClient client = new SimulatorClient(provider);
            String jsonl = batchLine("a", chatBody("sim/small", "hi")) + "\n"
                    + batchLine("a", chatBody("sim/small", "again")) + "\n"
                    + "not json\n";
            String fileId = json(upload(client, "batch", "in.jsonl", jsonl)).path("id").asText();
            String id = json(client.postJson("/batches", createBody(fileId))).path("id").asText();

            JsonNode batch = json(client.get("/batches/" + id));

            assertThat(batch.path("status").asText()).isEqualTo("failed");
            assertThat(batch.path("errors").path("data")).extracting(e -> e.path("code").asText() + "@" + e.path("line").asInt())
                    .containsExactly("duplicate_custom_id@2", "invalid_json_line@3");
            assertThat(batch.path("output_file_id").isNull()).isTrue();
        }
    }

    @Test
    void cancelStopsARunningBatch() {
        try (SimulatedProvider provider = start(Duration.ofMinutes(10))) {
            SimulatorClient client = new SimulatorClient(provider);
            String fileId = json(upload(client, "batch", "in.jsonl", batchLine("x", chatBody("sim/small", "hi")))).path("id").asText();
            String id = json(client.postJson("/batches", createBody(fileId))).path("id").asText();

            assertThat(json(client.get("/batches/" + id)).path("status").asText()).isEqualTo("in_progress");
            assertThat(json(client.postJson("/batches/" + id + "/cancel", "")).path("status").asText()).isEqualTo("cancelling");
            JsonNode cancelled = json(client.get("/batches/" + id));
            assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
            assertThat(cancelled.path("cancelled_at").asLong()).isPositive();
            assertThat(client.postJson("/batches/" + id + "/cancel", "").statusCode()).isEqualTo(409);
            assertThat(provider.stats().batchLineCalls()).isZero();
        }
    }

    @Test
    void requestErrorsAreOpenAiShaped() {
        try (SimulatedProvider provider = start(Duration.ZERO)) {
            SimulatorClient client = new SimulatorClient(provider);

            assertThat(upload(client, "batch", "in.txt", "{}").statusCode()).isEqualTo(400);
            assertThat(client.postJson("/batches", createBody("file-missing")).statusCode()).isEqualTo(404);
            HttpResponse<String> noWindow = client.postJson("/batches", "{\"input_file_id\":\"f\",\"endpoint\":\"/v1/chat/completions\"}");
            assertThat(noWindow.statusCode()).isEqualTo(400);
            assertThat(json(noWindow).path("error").path("param").asText()).isEqualTo("completion_window");
            assertThat(client.get("/batches/batch_nope").statusCode()).isEqualTo(404);
            assertThat(client.get("/files/file-nope/content").statusCode()).isEqualTo(404);
            assertThat(client.get("/batches/batch_nope").headers().firstValue("x-switchboard-simulated")).contains("true");
        }
    }
}
