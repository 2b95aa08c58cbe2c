package dev.switchboard.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.worker.provider.anthropic.AnthropicProvider;
import dev.switchboard.worker.provider.gemini.GeminiProvider;
import dev.switchboard.worker.provider.openai.AzureOpenAiProvider;
import dev.switchboard.worker.provider.openai.OpenAiCompatibleProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderTypeTest {
    private static ProviderSpec spec(ProviderType type, Optional<Secret> key) {
        return new ProviderSpec("p", type, URI.create("https://example.invalid/v1"), key, null, Duration.ofSeconds(1));
    }

    @Test
    void shouldNameEveryTypeOnceForConfigValidation() {
        assertThat(ProviderType.ids()).containsExactly("openai", "azure", "anthropic", "gemini");
        assertThat(ProviderType.of("Anthropic")).contains(ProviderType.ANTHROPIC);
        assertThat(ProviderType.of("bedrock")).isEmpty();
    }

    @Test
    void shouldBuildEachTypesAdapter() {
        Optional<Secret> key = Optional.of(Secret.of("k"));
        assertThat(spec(ProviderType.OPENAI, key).adapter()).isInstanceOf(OpenAiCompatibleProvider.class);
        assertThat(spec(ProviderType.AZURE, key).adapter()).isInstanceOf(AzureOpenAiProvider.class);
        assertThat(spec(ProviderType.ANTHROPIC, key).adapter()).isInstanceOf(AnthropicProvider.class);
        assertThat(spec(ProviderType.GEMINI, key).adapter()).isInstanceOf(GeminiProvider.class);
        assertThat(spec(ProviderType.GEMINI, key).adapter().name()).isEqualTo("p");
    }

    @Test
    void shouldLetOnlyOpenAiCompatibleServersGoWithoutAKey() {
        assertThat(spec(ProviderType.OPENAI, Optional.empty()).adapter()).isInstanceOf(OpenAiCompatibleProvider.class);
        for (ProviderType keyed : new ProviderType[] {ProviderType.AZURE, ProviderType.ANTHROPIC, ProviderType.GEMINI}) {
            assertThatThrownBy(() -> spec(keyed, Optional.empty()).adapter())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("provider p (" + keyed.id() + ") needs a key: set apiKeyEnv or apiKeyFile");
        }
    }
}
