package dev.switchboard.worker.provider.gemini;

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

/** Pure mapping tests on JSON fixtures shaped like Gemini's documented GenerateContentResponse. */
class GeminiMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldMapTurnsSystemInstructionAndGenerationConfig() throws Exception {
        JsonNode body = JSON.readTree(GeminiMapper.requestBody(Calls.conversation("gemini-2.5-flash")));

        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("You are terse.");
        assertThat(body.get("contents").findValuesAsText("role")).containsExactly("user", "model", "user");
        assertThat(body.at("/contents/1/parts/0/text").asText()).isEqualTo("A Kafka consumer group with queue semantics.");
        assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(256);
        assertThat(body.at("/generationConfig/temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.at("/generationConfig/topP").asDouble()).isEqualTo(0.9);
        assertThat(body.at("/generationConfig/stopSequences/0").asText()).isEqualTo("\n\nEND");
        assertThat(body.at("/generationConfig").has("responseMimeType")).isFalse();
        assertThat(body.has("model")).isFalse();
    }

    @Test
    void shouldLeaveOutAnEmptyGenerationConfigAndMapToolResultsToUserText() throws Exception {
        JsonNode body = JSON.readTree(GeminiMapper.requestBody(Calls.withParams("g", Calls.noParams(),
                Calls.message("user", "Weather?"), Calls.message("tool", "{\"c\":21}"))));

        assertThat(body.has("generationConfig")).isFalse();
        assertThat(body.has("systemInstruction")).isFalse();
        assertThat(body.at("/contents/1/role").asText()).isEqualTo("user");
        assertThat(body.at("/contents/1/parts/0/text").asText()).isEqualTo("[tool result]\n{\"c\":21}");
    }

    @Test
    void shouldAskForJsonWhenTheFormatIsJsonObjectOrASchema() throws Exception {
        JsonNode json = JSON.readTree(GeminiMapper.requestBody(Calls.withParams("g",
                new GenerationParams(null, null, null, List.of(), "json_object"), Calls.message("user", "x"))));
        assertThat(json.at("/generationConfig/responseMimeType").asText()).isEqualTo("application/json");
        assertThat(json.at("/generationConfig").has("responseJsonSchema")).isFalse();

        JsonNode schema = JSON.readTree(GeminiMapper.requestBody(Calls.withParams("g",
                new GenerationParams(null, null, null, List.of(), "{\"name\":\"w\",\"schema\":{\"type\":\"object\"}}"),
                Calls.message("user", "x"))));
        assertThat(schema.at("/generationConfig/responseMimeType").asText()).isEqualTo("application/json");
        assertThat(schema.at("/generationConfig/responseJsonSchema/type").asText()).isEqualTo("object");
    }

    @Test
    void shouldRefuseAnUnknownRoleOrFormat() {
        assertThatThrownBy(() -> GeminiMapper.requestBody(Calls.withParams("g", Calls.noParams(), Calls.message("function", "x"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeminiMapper.requestBody(Calls.withParams("g",
                new GenerationParams(null, null, null, List.of(), "yaml please"), Calls.message("user", "x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldJoinTextPartsSkipThoughtsAndCountThinkingAsCompletion() {
        ProviderResult result = GeminiMapper.success("gemini", """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"Let me think","thought":true},
                  {"text":"Share groups "},{"text":"arrived in Kafka 4."}]},"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":1200,"cachedContentTokenCount":1000,"candidatesTokenCount":9,
                  "thoughtsTokenCount":40,"totalTokenCount":1249},"modelVersion":"gemini-2.5-flash"}""");

        assertThat(result).isInstanceOfSatisfying(ProviderResult.Success.class, s -> {
            assertThat(s.content()).isEqualTo("Share groups arrived in Kafka 4.");
            assertThat(s.finishReason()).isEqualTo("stop");
            assertThat(s.promptTokens()).isEqualTo(1200);
            assertThat(s.cachedPromptTokens()).isEqualTo(1000);
            assertThat(s.completionTokens()).isEqualTo(49);
            assertThat(s.reasoningTokens()).isEqualTo(40);
            assertThat(s.usageReported()).isTrue();
        });
    }

    @Test
    void shouldMapFinishReasons() {
        assertThat(GeminiMapper.finishReason("STOP")).isEqualTo("stop");
        assertThat(GeminiMapper.finishReason("MAX_TOKENS")).isEqualTo("length");
        assertThat(GeminiMapper.finishReason("SAFETY")).isEqualTo("content_filter");
        assertThat(GeminiMapper.finishReason("RECITATION")).isEqualTo("content_filter");
        assertThat(GeminiMapper.finishReason("OTHER")).isEqualTo("other");
    }

    @Test
    void shouldAcceptASafetyStopWithoutContent() {
        ProviderResult result = GeminiMapper.success("gemini", """
                {"candidates":[{"finishReason":"SAFETY","index":0}],"usageMetadata":{"promptTokenCount":8,"totalTokenCount":8}}""");

        assertThat(result).isInstanceOfSatisfying(ProviderResult.Success.class, s -> {
            assertThat(s.content()).isEmpty();
            assertThat(s.finishReason()).isEqualTo("content_filter");
            assertThat(s.completionTokens()).isZero();
        });
    }

    @Test
    void shouldRejectABlockedPromptAndCallOtherBodiesBadResponses() {
        assertThat(GeminiMapper.success("gemini", "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}"))
                .isInstanceOfSatisfying(ProviderResult.Failure.class, f -> {
                    assertThat(f.kind()).isEqualTo(FailureKind.REJECTED_BY_PROVIDER);
                    assertThat(f.message()).contains("SAFETY");
                });
        assertThat(GeminiMapper.success("gemini", "{\"candidates\":[]}"))
                .isInstanceOfSatisfying(ProviderResult.Failure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.BAD_RESPONSE));
    }
}
