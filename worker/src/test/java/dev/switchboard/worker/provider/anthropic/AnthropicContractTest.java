package dev.switchboard.worker.provider.anthropic;

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

/** What {@link AnthropicMapper} sends and reads, checked against Anthropic's published OpenAPI description
 * ({@link Specs}: the repository's cut of it, or the whole with {@code -Dswitchboard.shared.data}). */
class AnthropicContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode spec;
    private static SchemaCheck check;
    private static JsonNode request;
    private static JsonNode response;

    @BeforeAll
    static void loadSpec() {
        spec = Specs.anthropic();
        check = new SchemaCheck(spec);
        JsonNode post = spec.path("paths").path("/v1/messages").path("post");
        request = check.resolve(post.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText());
        response = check.resolve(post.path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asText());
    }

    private static ObjectNode sent(dev.switchboard.worker.provider.ChatCall call) throws Exception {
        return (ObjectNode) JSON.readTree(AnthropicMapper.requestBody(call));
    }

    @Test
    void shouldSendARequestBodyThatConformsToCreateMessageParams() throws Exception {
        assertThat(check.check(request, sent(Calls.conversation("claude-sonnet-4-5")))).isEmpty();
    }

    @Test
    void shouldSendConformingBodiesForDefaultsJsonFormatAndToolMessages() throws Exception {
        var call = Calls.withParams("claude-haiku-4-5", new GenerationParams(null, null, null, List.of(), "json_object"),
                Calls.message("developer", "Answer in JSON."), Calls.message("user", "Weather?"), Calls.message("tool", "{\"c\":21}"));
        assertThat(check.check(request, sent(call))).isEmpty();
    }

    @Test
    void shouldSendConformingCacheBreakpoints() throws Exception {
        var call = Calls.withParams("claude-sonnet-4-5", new GenerationParams(200, null, null, List.of(), null),
                new dev.switchboard.schemas.ChatMessage("system", "Stable instructions.", null, "ephemeral", new java.util.ArrayList<>()),
                new dev.switchboard.schemas.ChatMessage("user", "A long shared document.", null, "ephemeral", new java.util.ArrayList<>()),
                Calls.message("user", "The question."));
        assertThat(check.check(request, sent(call))).isEmpty();
    }

    @Test
    void shouldSendConformingImageContent() throws Exception {
        var call = Calls.withParams("claude-sonnet-4-5", new GenerationParams(200, null, null, List.of(), null),
                new dev.switchboard.schemas.ChatMessage("user", "What is in this picture?", null, null,
                        new java.util.ArrayList<>(List.of("https://example.com/cat.png", "data:image/png;base64,iVBORw0KGgo="))));
        assertThat(check.check(request, sent(call))).isEmpty();
    }

    @Test
    void shouldRejectBrokenRequestBodies() throws Exception {
        ObjectNode missingMaxTokens = sent(Calls.conversation("m"));
        missingMaxTokens.remove("max_tokens");
        assertThat(check.check(request, missingMaxTokens)).anyMatch(v -> v.contains("missing required property 'max_tokens'"));

        ObjectNode unknownProperty = sent(Calls.conversation("m"));
        unknownProperty.putObject("response_format").put("type", "json_object");
        assertThat(check.check(request, unknownProperty)).anyMatch(v -> v.contains("unknown property 'response_format'"));

        ObjectNode systemRole = sent(Calls.conversation("m"));
        ((ObjectNode) systemRole.get("messages").get(0)).put("role", "system");
        assertThat(check.check(request, systemRole)).anyMatch(v -> v.startsWith("$.messages[0].role") && v.contains("is not one of"));

        ObjectNode wrongType = sent(Calls.conversation("m"));
        wrongType.put("max_tokens", "256");
        assertThat(check.check(request, wrongType)).anyMatch(v -> v.startsWith("$.max_tokens: expected type"));

        ObjectNode systemAsNumber = sent(Calls.conversation("m"));
        systemAsNumber.put("system", 7);
        assertThat(check.check(request, systemAsNumber)).anyMatch(v -> v.startsWith("$.system: matches none of"));

        ObjectNode stopAsString = sent(Calls.conversation("m"));
        stopAsString.put("stop_sequences", "END");
        assertThat(check.check(request, stopAsString)).isNotEmpty();

        ObjectNode temperatureTooHigh = sent(Calls.conversation("m"));
        temperatureTooHigh.put("temperature", 1.5);
        assertThat(check.check(request, temperatureTooHigh)).anyMatch(v -> v.contains("above the maximum"));
    }

    @Test
    void shouldMapTheSpecsMessageExample() {
        JsonNode example = response.path("examples").path(0);
        assertThat(example.isObject()).as("the Message schema carries an example").isTrue();

        ProviderResult result = AnthropicMapper.success("anthropic", example.toString());

        assertThat(result).isInstanceOfSatisfying(ProviderResult.Success.class, s -> {
            assertThat(s.content()).isEqualTo("Hi! My name is Claude.");
            assertThat(s.finishReason()).isEqualTo("stop");
            assertThat(s.promptTokens()).isEqualTo(2095);
            assertThat(s.completionTokens()).isEqualTo(503);
            assertThat(s.cachedPromptTokens()).isZero();
            assertThat(s.usageReported()).isTrue();
        });
    }

    /** The spec's example omits fields its schema requires (container, the cache counts), so this one is built from the schema. */
    @Test
    void shouldMapACompleteMessageWithCacheUsageThatConformsToTheSchema() throws Exception {
        JsonNode message = JSON.readTree("""
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"Part one, ","citations":null},
                            {"type":"text","text":"part two.","citations":null}],
                 "stop_reason":"max_tokens","stop_sequence":null,"stop_details":null,"container":null,
                 "usage":{"input_tokens":40,"output_tokens":7,"cache_read_input_tokens":2000,"cache_creation_input_tokens":300,
                          "cache_creation":null,"inference_geo":null,"server_tool_use":null,"service_tier":"standard"}}
                """);
        assertThat(check.check(response, message)).isEmpty();

        ProviderResult result = AnthropicMapper.success("anthropic", message.toString());

        assertThat(result).isInstanceOfSatisfying(ProviderResult.Success.class, s -> {
            assertThat(s.content()).isEqualTo("Part one, part two.");
            assertThat(s.finishReason()).isEqualTo("length");
            assertThat(s.promptTokens()).isEqualTo(40 + 2000 + 300);
            assertThat(s.cachedPromptTokens()).isEqualTo(2000);
            assertThat(s.completionTokens()).isEqualTo(7);
        });
    }

    @Test
    void shouldFindTheSpecsOwnExampleIncomplete() {
        // Proves the checker reads `required` deep in the tree: the published example lacks `container`.
        assertThat(check.check(response, response.path("examples").path(0))).anyMatch(v -> v.contains("'container'"));
    }
}
