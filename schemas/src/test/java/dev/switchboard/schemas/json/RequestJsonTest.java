package dev.switchboard.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.Tier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestJsonTest {

    private static LlmRequest parse(String json) {
        return RequestJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadAnOpenAiBodyWithSwitchboardFields() {
        LlmRequest r = parse("""
                {"request_id":"r-1","tenant":"acme","team":"search","feature":"summaries","user":"u-9",
                 "model":"gpt-4o-mini","tier":"batch","max_completion_tokens":64,"temperature":0,
                 "stop":"END","response_format":{"type":"json_object"},
                 "messages":[{"role":"system","content":"Be brief."},
                             {"role":"user","content":[{"type":"text","text":"Hello "},{"type":"text","text":"there"}]}],
                 "cache":{"namespace":"docs","ttl_seconds":60},
                 "deadline":"2030-01-01T00:00:00Z","reply_to":"my.replies","metadata":{"trace":"abc","n":3}}
                """);

        assertThat(r.getRequestId()).isEqualTo("r-1");
        assertThat(r.getAttribution().getTeam()).isEqualTo("search");
        assertThat(r.getAttribution().getUser()).isEqualTo("u-9");
        assertThat(r.getTier()).isEqualTo(Tier.BATCH);
        assertThat(r.getParams().getMaxTokens()).isEqualTo(64);
        assertThat(r.getParams().getStop()).containsExactly("END");
        assertThat(r.getParams().getResponseFormat()).isEqualTo("json_object");
        assertThat(r.getMessages()).hasSize(2);
        assertThat(r.getMessages().get(1).getContent()).isEqualTo("Hello there");
        assertThat(r.getCache().getNamespace()).isEqualTo("docs");
        assertThat(r.getCache().getTtlSeconds()).isEqualTo(60L);
        assertThat(r.getDeadline()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(r.getReplyTo()).isEqualTo("my.replies");
        assertThat(r.getMetadata()).containsEntry("trace", "abc").containsEntry("n", "3");
    }

    @Test
    void shouldDefaultModelToAutoAndTierToStandard() {
        LlmRequest r = parse("{\"request_id\":\"r\",\"tenant\":\"t\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(r.getModel()).isEqualTo("auto");
        assertThat(r.getTier()).isEqualTo(Tier.STANDARD);
    }

    @Test
    void shouldNameTheProblemAndKeepTheIdsItCouldRead() {
        assertThatThrownBy(() -> parse("{\"request_id\":\"r\",\"tenant\":\"t\",\"tier\":\"urgent\",\"messages\":[]}"))
                .isInstanceOfSatisfying(RequestFormatException.class, e -> {
                    assertThat(e.getMessage()).contains("tier must be interactive, standard or batch");
                    assertThat(e.requestId()).contains("r");
                    assertThat(e.tenant()).contains("t");
                });
        assertThatThrownBy(() -> parse("{\"tenant\":\"t\",\"messages\":[]}")).hasMessageContaining("request_id");
        assertThatThrownBy(() -> parse("{\"request_id\":\"r\",\"tenant\":\"t\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}"))
                .hasMessageContaining("image_url");
        assertThatThrownBy(() -> parse("{\"request_id\": ")).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> parse("{\"request_id\":\"r\",\"tenant\":7,\"messages\":[]}"))
                .isInstanceOfSatisfying(RequestFormatException.class, e -> assertThat(e.fieldError()).isTrue()).hasMessage("tenant must be a string, not a number");
        assertThatThrownBy(() -> parse("[1]")).isInstanceOfSatisfying(RequestFormatException.class, e -> assertThat(e.fieldError()).isFalse());
    }

    @Test
    void shouldRoundTripThroughItsOwnWriter() {
        LlmRequest r = parse("{\"request_id\":\"r\",\"tenant\":\"t\",\"team\":\"a\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(parse(RequestJson.write(r))).isEqualTo(r);
    }

    @Test
    void shouldKeepAnthropicStyleCacheBreakpoints() {
        var request = RequestJson.parse(("{\"request_id\":\"r\",\"tenant\":\"t\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Rules\",\"cache_control\":{\"type\":\"ephemeral\"}},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Doc\",\"cache_control\":{\"type\":\"ephemeral\"}}]},"
                + "{\"role\":\"user\",\"content\":\"Question\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        org.assertj.core.api.Assertions.assertThat(request.getMessages()).extracting(m -> m.getCacheControl())
                .containsExactly("ephemeral", "ephemeral", null);
    }

    @Test
    void shouldReadImagePartsAndWhetherTheTierWasChosen() {
        var withImage = RequestJson.parse(("{\"request_id\":\"r\",\"tenant\":\"t\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is in this picture?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var batch = RequestJson.parse("{\"request_id\":\"r\",\"tenant\":\"t\",\"tier\":\"batch\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        org.assertj.core.api.Assertions.assertThat(withImage.getMessages().get(0).getContent()).isEqualTo("What is in this picture?");
        org.assertj.core.api.Assertions.assertThat(withImage.getMessages().get(0).getImages()).containsExactly("https://example.com/cat.png");
        org.assertj.core.api.Assertions.assertThat(withImage.getTierExplicit()).isFalse();
        org.assertj.core.api.Assertions.assertThat(batch.getTierExplicit()).isTrue();
        org.assertj.core.api.Assertions.assertThat(RequestJson.parse(RequestJson.write(withImage).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(withImage);
    }
}
