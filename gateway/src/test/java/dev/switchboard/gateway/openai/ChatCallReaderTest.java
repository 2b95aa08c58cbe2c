package dev.switchboard.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.json.RequestFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatCallReaderTest {
    private final ChatCallReader reader = new ChatCallReader("default",
            key -> key.equals("sk-known") ? Optional.of("acme") : Optional.empty());

    @Test
    void shouldTakeTheTenantOfAKnownKeyAndPassTheKeyOn() {
        ChatCall call = read("{\"model\":\"sim/small\",\"tenant\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of(), "sk-known");
        assertThat(call.request().getTenant()).isEqualTo("acme");
        assertThat(call.request().getApiKey()).isEqualTo("sk-known");
        assertThat(call.request().getRequestId()).startsWith("gw-");
    }

    @Test
    void shouldReadOptionsFromHeadersUnlessTheBodyGivesThem() {
        ChatCall call = read("{\"model\":\"auto\",\"team\":\"body-team\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of(ChatCallReader.HEADER_TIER, "interactive", ChatCallReader.HEADER_TEAM, "header-team",
                        ChatCallReader.HEADER_FEATURE, "faq", ChatCallReader.HEADER_NO_CACHE, "true", ChatCallReader.HEADER_TIMEOUT, "2500",
                        ChatCallReader.HEADER_TENANT, "globex"), null);
        assertThat(call.request().getTenant()).isEqualTo("globex");
        assertThat(call.request().getTier()).isEqualTo(Tier.INTERACTIVE);
        assertThat(call.request().getTierExplicit()).isTrue();
        assertThat(call.request().getAttribution().getTeam()).isEqualTo("body-team");
        assertThat(call.request().getAttribution().getFeature()).isEqualTo("faq");
        assertThat(call.request().getCache().getNoCache()).isTrue();
        assertThat(call.stream()).isTrue();
        assertThat(call.includeUsage()).isTrue();
        assertThat(call.timeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void shouldNeverTakeTheGatewaysOwnFieldsFromTheBody() {
        ChatCall call = read("{\"model\":\"sim/small\",\"reply_to\":\"llm.usage\",\"api_key\":\"sk-smuggled\",\"deadline\":1,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of(), null);
        assertThat(call.request().getReplyTo()).isNull();
        assertThat(call.request().getApiKey()).isNull();
        assertThat(call.request().getDeadline()).isNull();
        assertThat(call.request().getTenant()).isEqualTo("default");
    }

    @Test
    void shouldRefuseWhatIsNotAChatCall() {
        assertThatThrownBy(() -> read("[1,2]", Map.of(), null)).isInstanceOf(RequestFormatException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> read("{\"messages\":[]}", Map.of(), null)).hasMessageContaining("model is required");
        assertThatThrownBy(() -> read("{\"model\":\"auto\",\"n\":2,\"messages\":[]}", Map.of(), null)).hasMessageContaining("n must be 1");
        assertThatThrownBy(() -> read("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Map.of(ChatCallReader.HEADER_TIMEOUT, "soon"), null)).hasMessageContaining(ChatCallReader.HEADER_TIMEOUT);
    }

    private ChatCall read(String body, Map<String, String> headers, String key) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8), headers::get, key);
    }
}
