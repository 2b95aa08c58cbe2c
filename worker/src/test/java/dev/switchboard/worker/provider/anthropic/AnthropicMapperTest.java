package dev.switchboard.worker.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.worker.provider.Calls;
import dev.switchboard.worker.provider.FailureKind;
import dev.switchboard.worker.provider.ProviderResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldLiftSystemMessagesIntoTheTopLevelSystemJoinedByBlankLines() throws Exception {
        JsonNode body = JSON.readTree(AnthropicMapper.requestBody(Calls.withParams("claude", Calls.noParams(),
                Calls.message("system", "Be terse."), Calls.message("developer", "Use metric units."), Calls.message("user", "Hi"))));

        assertThat(body.get("system").asText()).isEqualTo("Be terse.\n\nUse metric units.");
        assertThat(body.get("messages")).hasSize(1);
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
    }

    @Test
    void shouldMapParametersAndTurns() throws Exception {
        JsonNode body = JSON.readTree(AnthropicMapper.requestBody(Calls.conversation("claude-sonnet-4-5")));

        assertThat(body.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.get("stop_sequences").get(0).asText()).isEqualTo("\n\nEND");
        assertThat(body.get("messages").findValuesAsText("role")).containsExactly("user", "assistant", "user");
        assertThat(body.has("stop")).isFalse();
    }

    @Test
    void shouldSendTheDefaultMaxTokensAndNoResponseFormatAndToolResultsAsUserText() throws Exception {
        JsonNode body = JSON.readTree(AnthropicMapper.requestBody(Calls.withParams("claude",
                new GenerationParams(null, null, null, List.of(), "json_object"),
                Calls.message("user", "Weather?"), Calls.message("tool", "{\"c\":21}"))));

        assertThat(body.get("max_tokens").asInt()).isEqualTo(AnthropicMapper.DEFAULT_MAX_TOKENS);
        assertThat(body.has("response_format")).isFalse();
        assertThat(body.has("system")).isFalse();
        assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/1/content").asText()).isEqualTo("[tool result]\n{\"c\":21}");
    }

    @Test
    void shouldRefuseARoleAnthropicCannotExpress() {
        assertThatThrownBy(() -> AnthropicMapper.requestBody(Calls.withParams("claude", Calls.noParams(), Calls.message("function", "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("function");
    }

    @Test
    void shouldMapStopReasons() {
        assertThat(AnthropicMapper.finishReason("end_turn")).isEqualTo("stop");
        assertThat(AnthropicMapper.finishReason("stop_sequence")).isEqualTo("stop");
        assertThat(AnthropicMapper.finishReason("max_tokens")).isEqualTo("length");
        assertThat(AnthropicMapper.finishReason("tool_use")).isEqualTo("tool_calls");
        assertThat(AnthropicMapper.finishReason("refusal")).isEqualTo("content_filter");
        assertThat(AnthropicMapper.finishReason("pause_turn")).isEqualTo("pause_turn");
    }

    @Test
    void shouldKeepOnlyTextBlocksAndReportNoUsageWhenAbsent() {
        ProviderResult result = AnthropicMapper.success("anthropic", """
                {"content":[{"type":"thinking","thinking":"hmm"},{"type":"text","text":"Yes."},
                 {"type":"tool_use","id":"t","name":"f","input":{}}],"stop_reason":"tool_use"}""");

        assertThat(result).isInstanceOfSatisfying(ProviderResult.Success.class, s -> {
            assertThat(s.content()).isEqualTo("Yes.");
            assertThat(s.finishReason()).isEqualTo("tool_calls");
            assertThat(s.usageReported()).isFalse();
            assertThat(s.promptTokens()).isZero();
        });
    }

    @Test
    void shouldCallABodyWithoutContentABadResponse() {
        assertThat(AnthropicMapper.success("anthropic", "{\"type\":\"message\"}"))
                .isInstanceOfSatisfying(ProviderResult.Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.BAD_RESPONSE));
        assertThat(AnthropicMapper.success("anthropic", "<html>"))
                .isInstanceOfSatisfying(ProviderResult.Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.BAD_RESPONSE));
    }

    @Test
    void shouldPassCacheBreakpointsThroughUntouched() throws Exception {
        var call = new dev.switchboard.worker.provider.ChatCall("claude", java.util.List.of(
                new dev.switchboard.schemas.ChatMessage("system", "Long stable instructions.", null, "ephemeral", new java.util.ArrayList<>()),
                new dev.switchboard.schemas.ChatMessage("user", "A long shared document.", null, "ephemeral", new java.util.ArrayList<>()),
                new dev.switchboard.schemas.ChatMessage("user", "The question.", null, null, new java.util.ArrayList<>())),
                new dev.switchboard.schemas.GenerationParams(100, null, null, new java.util.ArrayList<>(), null), java.time.Duration.ofSeconds(5));

        var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(AnthropicMapper.requestBody(call));

        org.assertj.core.api.Assertions.assertThat(body.path("system").get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        org.assertj.core.api.Assertions.assertThat(body.path("messages").get(0).path("content").get(0).path("cache_control").path("type").asText())
                .isEqualTo("ephemeral");
        org.assertj.core.api.Assertions.assertThat(body.path("messages").get(1).path("content").isTextual()).isTrue();
    }
}
