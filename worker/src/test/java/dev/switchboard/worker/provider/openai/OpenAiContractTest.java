package dev.switchboard.worker.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.worker.provider.Calls;
import dev.switchboard.worker.provider.ProviderResult;
import dev.switchboard.worker.provider.contract.SchemaCheck;
import dev.switchboard.worker.provider.contract.Specs;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What {@link OpenAiMapper} sends and reads, checked against OpenAI's published OpenAPI description
 * ({@link Specs}: the repository's cut of it, or the whole with {@code -Dswitchboard.shared.data}). */
class OpenAiContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode spec;
    private static SchemaCheck check;
    private static JsonNode request;
    private static JsonNode response;

    @BeforeAll
    static void loadSpec() {
        spec = Specs.openAi();
        check = new SchemaCheck(spec);
        request = check.resolve("#/components/schemas/CreateChatCompletionRequest");
        response = check.resolve("#/components/schemas/CreateChatCompletionResponse");
    }

    private static ObjectNode sent(dev.switchboard.worker.provider.ChatCall call) throws Exception {
        return (ObjectNode) JSON.readTree(OpenAiMapper.requestBody(call));
    }

    @Test
    void shouldSendARequestBodyThatConformsToCreateChatCompletionRequest() throws Exception {
        assertThat(check.check(request, sent(Calls.conversation("gpt-4.1-mini")))).isEmpty();
    }

    @Test
    void shouldSendConformingBodiesForJsonFormatsAndToolLessRoles() throws Exception {
        var jsonObject = Calls.withParams("gpt-4.1-mini", new GenerationParams(null, null, null, List.of(), "json_object"),
                Calls.message("developer", "Answer in JSON."), Calls.message("user", "Weather?"));
        assertThat(check.check(request, sent(jsonObject))).isEmpty();

        var schema = Calls.withParams("gpt-4.1-mini", new GenerationParams(null, null, null, List.of(), """
                {"name":"weather","schema":{"type":"object","properties":{"c":{"type":"number"}}}}"""),
                Calls.message("user", "Weather?"));
        assertThat(check.check(request, sent(schema))).isEmpty();
    }

    @Test
    void shouldSendConformingImageContent() throws Exception {
        var call = Calls.withParams("gpt-4o", new GenerationParams(200, null, null, List.of(), null),
                new dev.switchboard.schemas.ChatMessage("user", "What is in this picture?", null, null,
                        new java.util.ArrayList<>(List.of("https://example.com/cat.png", "data:image/png;base64,iVBORw0KGgo="))));
        assertThat(check.check(request, sent(call))).isEmpty();
    }

    @Test
    void shouldRejectBrokenRequestBodies() throws Exception {
        ObjectNode noMessages = sent(Calls.conversation("m"));
        noMessages.remove("messages");
        assertThat(check.check(request, noMessages)).anyMatch(v -> v.contains("missing required property 'messages'"));

        ObjectNode emptyMessages = sent(Calls.conversation("m"));
        emptyMessages.putArray("messages");
        assertThat(check.check(request, emptyMessages)).anyMatch(v -> v.contains("fewer than minItems"));

        ObjectNode unknownRole = sent(Calls.conversation("m"));
        ((ObjectNode) unknownRole.get("messages").get(1)).put("role", "robot");
        assertThat(check.check(request, unknownRole)).anyMatch(v -> v.startsWith("$.messages[1]: matches none of"));

        ObjectNode temperatureAsText = sent(Calls.conversation("m"));
        temperatureAsText.put("temperature", "hot");
        assertThat(check.check(request, temperatureAsText)).isNotEmpty();

        ObjectNode badFormat = sent(Calls.conversation("m"));
        badFormat.putObject("response_format").put("type", "yaml");
        assertThat(check.check(request, badFormat)).anyMatch(v -> v.startsWith("$.response_format"));
    }

    @Test
    void shouldMapTheSpecsDefaultChatCompletionExample() throws Exception {
        JsonNode example = defaultExample();
        assertThat(check.check(response, example)).isEmpty();

        ProviderResult result = OpenAiMapper.success("openai", false, example.toString());

        assertThat(result).isInstanceOfSatisfying(ProviderResult.Success.class, s -> {
            assertThat(s.content()).isEqualTo("Hello! How can I assist you today?");
            assertThat(s.finishReason()).isEqualTo("stop");
            assertThat(s.promptTokens()).isEqualTo(19);
            assertThat(s.completionTokens()).isEqualTo(10);
            assertThat(s.cachedPromptTokens()).isZero();
            assertThat(s.reasoningTokens()).isZero();
            assertThat(s.usageReported()).isTrue();
        });
    }

    @Test
    void shouldRejectABrokenResponse() throws Exception {
        ObjectNode broken = (ObjectNode) defaultExample();
        broken.remove("choices");
        assertThat(check.check(response, broken)).anyMatch(v -> v.contains("missing required property 'choices'"));

        ObjectNode badReason = (ObjectNode) defaultExample();
        ((ObjectNode) badReason.get("choices").get(0)).put("finish_reason", "tired");
        assertThat(check.check(response, badReason)).anyMatch(v -> v.contains("\"tired\" is not one of"));
    }

    /** The operation's {@code x-oaiMeta} examples hold the response as a JSON string; "Default" is the plain one. */
    private static JsonNode defaultExample() throws Exception {
        for (JsonNode example : spec.path("paths").path("/chat/completions").path("post").path("x-oaiMeta").path("examples")) {
            if ("Default".equals(example.path("title").asText())) {
                return JSON.readTree(example.path("response").asText());
            }
        }
        throw new AssertionError("no Default example for POST /chat/completions");
    }
}
