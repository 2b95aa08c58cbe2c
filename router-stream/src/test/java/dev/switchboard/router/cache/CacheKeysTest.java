package dev.switchboard.router.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.TenantPolicy;
import dev.switchboard.schemas.json.RequestJson;
import dev.switchboard.schemas.LlmRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CacheKeysTest {
    private static final TenantPolicy POLICY = new TenantPolicy(Set.of(), "sim/small", "sim/large", List.of(), Duration.ofHours(1), 0.8, 0.7, null);

    private static CacheKeys keys(String json) {
        LlmRequest request = RequestJson.parse(json.getBytes(StandardCharsets.UTF_8));
        return CacheKeys.of(request, POLICY).orElse(null);
    }

    private static String ask(String tenant, String extra, String question) {
        return "{\"request_id\":\"r\",\"tenant\":\"" + tenant + "\"" + extra + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    }

    @Test
    void shouldIgnoreCaseSpacingAndClosingPunctuation() {
        assertThat(keys(ask("acme", "", "What is Kafka?")).exact()).isEqualTo(keys(ask("acme", "", "  what   is kafka ")).exact());
    }

    @Test
    void shouldScopeByTenantNamespaceAndAnswerChangingParameters() {
        String scope = keys(ask("acme", "", "What is Kafka?")).scope();
        assertThat(keys(ask("globex", "", "What is Kafka?")).scope()).isNotEqualTo(scope);
        assertThat(keys(ask("acme", ",\"cache\":{\"namespace\":\"docs\"}", "What is Kafka?")).scope()).isNotEqualTo(scope);
        assertThat(keys(ask("acme", ",\"response_format\":{\"type\":\"json_object\"}", "What is Kafka?")).scope()).isNotEqualTo(scope);
        assertThat(keys(ask("acme", ",\"max_tokens\":300", "x")).scope()).isEqualTo(keys(ask("acme", ",\"max_tokens\":400", "y")).scope());
        assertThat(keys(ask("acme", ",\"max_tokens\":50", "x")).scope()).isNotEqualTo(keys(ask("acme", ",\"max_tokens\":4000", "x")).scope());
        assertThat(keys(ask("acme", ",\"temperature\":0.2", "What is Kafka?")).exact()).isEqualTo(keys(ask("acme", "", "What is Kafka?")).exact());
    }

    @Test
    void shouldSkipTheCacheWhenAskedOrTooHot() {
        assertThat(keys(ask("acme", ",\"cache\":{\"no_cache\":true}", "What is Kafka?"))).isNull();
        assertThat(keys(ask("acme", ",\"cache\":{\"personalized\":true}", "What is Kafka?"))).isNull();
        assertThat(keys(ask("acme", ",\"temperature\":0.9", "What is Kafka?"))).isNull();
    }
}
