package dev.switchboard.simulator;

import static dev.switchboard.simulator.SimulatorClient.MAPPER;
import static dev.switchboard.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnthropicMessagesTest {

    static final String VERSION = "2023-06-01";

    private static SimulatedProvider provider;
    private static SimulatorClient client;

    @BeforeAll
    static void start() {
        provider = SimulatedProvider.start(SimulatorConfig.defaults().withLatencyScale(0.0));
        client = new SimulatorClient(provider);
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    static ObjectNode message(String model, String text, int maxTokens) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", model);
        body.put("max_tokens", maxTokens);
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        return body;
    }

    static HttpResponse<String> post(SimulatorClient client, JsonNode body) {
        return client.postJson("/messages", body.toString(), "anthropic-version", VERSION, "x-api-key", "sk-ant-test");
    }

    @Test
    void successHasAnthropicShapeUsageAndTheChatCompletionsAnswer() {
        ObjectNode body = message("sim/small", "What is Kafka used for?", 1024);
        body.put("system", "You are terse.");
        body.put("temperature", 0.5);

        HttpResponse<String> response = post(client, body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-simulated")).contains("true");
        assertThat(response.headers().firstValue("request-id")).isPresent();
        JsonNode message = json(response);
        assertThat(message.path("id").asText()).startsWith("msg_");
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.path("model").asText()).isEqualTo("sim/small");
        assertThat(message.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(message.path("stop_sequence").isNull()).isTrue();
        JsonNode content = message.path("content");
        assertThat(content).hasSize(1);
        assertThat(content.get(0).path("type").asText()).isEqualTo("text");
        String text = content.get(0).path("text").asText();
        assertThat(text).startsWith("Simulated answer from sim/small:").contains("what is kafka used for");

        List<ChatMessage> prompt = List.of(new ChatMessage("system", "You are terse."),
                new ChatMessage("user", "What is Kafka used for?"));
        JsonNode usage = message.path("usage");
        assertThat(usage.path("input_tokens").asInt()).isEqualTo(TokenCounter.countPrompt(prompt));
        assertThat(usage.path("output_tokens").asInt()).isEqualTo(TokenCounter.count(text));
        assertThat(usage.path("cache_creation_input_tokens").asInt()).isZero();
        assertThat(usage.path("cache_read_input_tokens").asInt()).isZero();

        ObjectNode chat = MAPPER.createObjectNode().put("model", "sim/small");
        chat.putArray("messages").add(MAPPER.createObjectNode().put("role", "system").put("content", "You are terse."))
                .add(MAPPER.createObjectNode().put("role", "user").put("content", "What is Kafka used for?"));
        assertThat(json(client.post(chat.toString())).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo(text);
        assertThat(provider.stats().messagesRequestsReceived()).isPositive();
    }

    @Test
    void textBlocksAreEquivalentToStrings() {
        ObjectNode blocks = MAPPER.createObjectNode().put("model", "sim/large").put("max_tokens", 500);
        blocks.putArray("system").addObject().put("type", "text").put("text", "Be brief.");
        blocks.putArray("messages").addObject().put("role", "user").putArray("content")
                .addObject().put("type", "text").put("text", "Explain partitions");
        ObjectNode strings = message("sim/large", "Explain partitions", 500).put("system", "Be brief.");

        assertThat(json(post(client, blocks)).path("content")).isEqualTo(json(post(client, strings)).path("content"));
    }

    @Test
    void maxTokensCutsTheAnswerWithStopReasonMaxTokens() {
        JsonNode message = json(post(client, message("sim/long", "Write a long essay about partitions", 8)));

        assertThat(message.path("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(message.path("usage").path("output_tokens").asInt()).isLessThanOrEqualTo(8);
    }

    @Test
    void stopSequenceIsReported() {
        ObjectNode body = message("sim/small", "Tell me about brokers", 500);
        body.putArray("stop_sequences").add(" about");

        JsonNode message = json(post(client, body));

        assertThat(message.path("stop_reason").asText()).isEqualTo("stop_sequence");
        assertThat(message.path("stop_sequence").asText()).isEqualTo(" about");
        assertThat(message.path("content").get(0).path("text").asText()).isEqualTo("Simulated answer from sim/small:");
    }

    @Test
    void maxTokensIsRequired() {
        ObjectNode body = message("sim/small", "hi", 1);
        body.remove("max_tokens");

        HttpResponse<String> response = post(client, body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response);
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("error").path("message").asText()).contains("max_tokens");
    }

    @Test
    void anthropicVersionHeaderIsRequired() {
        HttpResponse<String> response = client.postJson("/messages", message("sim/small", "hi", 10).toString(),
                "x-api-key", "sk-ant-test");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-switchboard-simulated")).contains("true");
        assertThat(json(response).path("error").path("message").asText()).contains("anthropic-version");
    }

    @Test
    void unknownModelIsNotFound() {
        HttpResponse<String> response = post(client, message("claude-nope", "hi", 10));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").path("type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void countTokensMatchesUsage() {
        HttpResponse<String> response = client.postJson("/messages/count_tokens",
                message("sim/small", "How many tokens?", 1).toString(), "anthropic-version", VERSION);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("input_tokens").asInt())
                .isEqualTo(TokenCounter.countPrompt(List.of(new ChatMessage("user", "How many tokens?"))));
    }

    @Test
    void faultsUseAnthropicErrorTypes() {
        List<Fault> faults = List.of(Fault.rateLimit("sim/small", 1.0, Duration.ofMillis(1500)),
                Fault.always("sim/large", FaultKind.SERVER_ERROR), Fault.always("sim/long", FaultKind.OVERLOADED));
        try (SimulatedProvider faulty = SimulatedProvider.start(SimulatorConfig.defaults().withLatencyScale(0.0)
                .withFaults(faults))) {
            SimulatorClient faultyClient = new SimulatorClient(faulty);

            HttpResponse<String> limited = post(faultyClient, message("sim/small", "hi", 10));
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("retry-after")).contains("2");
            assertThat(json(limited).path("error").path("type").asText()).isEqualTo("rate_limit_error");

            HttpResponse<String> failed = post(faultyClient, message("sim/large", "hi", 10));
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(json(failed).path("error").path("type").asText()).isEqualTo("api_error");

            HttpResponse<String> overloaded = post(faultyClient, message("sim/long", "hi", 10));
            assertThat(overloaded.statusCode()).isEqualTo(529);
            assertThat(json(overloaded).path("error").path("type").asText()).isEqualTo("overloaded_error");
            assertThat(faulty.stats().faultsInjected()).isEqualTo(3);
        }
    }
}
