package dev.switchboard.simulator;

import static dev.switchboard.simulator.SimulatorClient.chat;
import static dev.switchboard.simulator.SimulatorClient.chatBody;
import static dev.switchboard.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {

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

    @Test
    void successHasOpenAiShapeUsageAndSimulatedHeader() {
        HttpResponse<String> response = client.post(chatBody("sim/small", "What is Kafka used for?"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-simulated")).contains("true");
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.path("id").asText()).startsWith("chatcmpl-sim-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("created").asLong()).isPositive();
        assertThat(body.path("model").asText()).isEqualTo("sim/small");
        assertThat(body.path("system_fingerprint").asText()).isEqualTo("switchboard-simulator");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        String content = choice.path("message").path("content").asText();
        assertThat(content).startsWith("Simulated answer from sim/small:").contains("what is kafka used for");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");

        JsonNode usage = body.path("usage");
        int expectedPrompt = TokenCounter.countPrompt(List.of(new ChatMessage("user", "What is Kafka used for?")));
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(expectedPrompt);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(TokenCounter.count(content))
                .isBetween(AnswerGenerator.MIN_TOKENS, AnswerGenerator.MAX_TOKENS);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(expectedPrompt + TokenCounter.count(content));
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").isInt()).isTrue();
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt()).isZero();
    }

    @Test
    void samePromptGivesSameAnswerAndDifferentPromptGivesDifferentAnswer() {
        String first = content(client.post(chatBody("sim/large", "Explain consumer groups")));
        String again = content(client.post(chatBody("sim/large", "Explain consumer groups")));
        String other = content(client.post(chatBody("sim/large", "Explain log compaction")));
        String otherModel = content(client.post(chatBody("sim/small", "Explain consumer groups")));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(otherModel).isNotEqualTo(first).startsWith("Simulated answer from sim/small");
    }

    @Test
    void maxTokensCapsTheAnswerWithFinishReasonLength() {
        for (String field : List.of("max_tokens", "max_completion_tokens")) {
            ObjectNode request = chat("sim/long", "Write a long essay about partitions");
            request.put(field, 12);
            JsonNode body = json(client.post(request.toString()));

            String content = body.path("choices").get(0).path("message").path("content").asText();
            assertThat(body.path("choices").get(0).path("finish_reason").asText()).as(field).isEqualTo("length");
            assertThat(body.path("usage").path("completion_tokens").asInt()).as(field)
                    .isEqualTo(TokenCounter.count(content)).isLessThanOrEqualTo(12).isGreaterThan(8);
            assertThat(content).startsWith("Simulated answer");
        }
    }

    @Test
    void generousMaxTokensDoesNotChangeTheAnswer() {
        ObjectNode request = chat("sim/small", "Tell me about brokers");
        String uncapped = content(client.post(request.toString()));
        request.put("max_tokens", 4096);
        JsonNode capped = json(client.post(request.toString()));

        assertThat(capped.path("choices").get(0).path("message").path("content").asText()).isEqualTo(uncapped);
        assertThat(capped.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void stopSequenceCutsTheAnswer() {
        ObjectNode request = chat("sim/small", "Describe the router");
        request.put("stop", " from");
        JsonNode body = json(client.post(request.toString()));

        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Simulated answer");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void unknownModelIs404WithOpenAiError() {
        HttpResponse<String> response = client.post(chatBody("gpt-nope", "hi"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-switchboard-simulated")).contains("true");
        JsonNode error = json(response).path("error");
        assertThat(error.path("message").asText()).isEqualTo("The model `gpt-nope` does not exist");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void malformedJsonMissingMessagesAndStreamingAre400() {
        for (String body : List.of("{not json", "{\"model\":\"sim/small\"}",
                "{\"model\":\"sim/small\",\"messages\":[]}", "[1,2]",
                "{\"model\":\"sim/small\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "{\"model\":\"sim/small\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
            HttpResponse<String> response = client.post(body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("x-switchboard-simulated")).as(body).contains("true");
            assertThat(json(response).path("error").path("type").asText()).as(body).isEqualTo("invalid_request_error");
            assertThat(json(response).path("error").path("message").asText()).as(body).isNotBlank();
        }
    }

    @Test
    void contentPartsAndMultipleMessagesAreCounted() {
        String body = "{\"model\":\"sim/small\",\"temperature\":0.2,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello there\"}]}]}";
        JsonNode response = json(client.post(body));

        int expected = TokenCounter.countPrompt(List.of(new ChatMessage("system", "Be brief."),
                new ChatMessage("user", "Hello there")));
        assertThat(response.path("usage").path("prompt_tokens").asInt()).isEqualTo(expected);
        assertThat(content(response)).contains("about hello there");
    }

    @Test
    void statsCountRequestsPerModel() {
        long before = provider.stats().requestsReceived();
        long largeBefore = provider.stats().callsFor("sim/large");
        client.post(chatBody("sim/large", "count me"));
        client.post("{broken");

        assertThat(provider.stats().requestsReceived()).isGreaterThanOrEqualTo(before + 2);
        assertThat(provider.stats().callsFor("sim/large")).isGreaterThanOrEqualTo(largeBefore + 1);
        assertThat(provider.stats().callsPerModel()).containsKey("sim/large");
    }

    @Test
    void otherPathsAre404WithSimulatedHeader() {
        HttpResponse<String> response = client.get("/embeddings");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-switchboard-simulated")).contains("true");
        assertThat(json(response).path("error").path("message").asText()).contains("/v1/embeddings");
    }

    private static String content(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return content(json(response));
    }

    private static String content(JsonNode body) {
        return body.path("choices").get(0).path("message").path("content").asText();
    }
}
