package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.launcher.config.SwitchboardConfig.ProviderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderDeploymentsTest {
    @TempDir
    Path dir;

    @Test
    void shouldFailStartupNamingTheMissingVariable() {
        ProviderSettings settings = new ProviderSettings("openai", "openai", "https://api.openai.com/v1", "SWITCHBOARD_TEST_UNSET_KEY", null, null,
                Map.of("openai/gpt-4o", "gpt-4o"));

        assertThatThrownBy(() -> ProviderDeployments.configured(List.of(settings)))
                .hasMessageContaining("SWITCHBOARD_TEST_UNSET_KEY").hasMessageContaining("not set");
    }

    @Test
    void shouldBuildOneAdapterPerProviderApi() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "secret");
        var deployments = ProviderDeployments.configured(List.of(
                new ProviderSettings("claude", "anthropic", "https://api.anthropic.com/v1", null, key, null, Map.of("anthropic/claude-sonnet-4", "claude-sonnet-4")),
                new ProviderSettings("google", "gemini", "https://generativelanguage.googleapis.com/v1beta", null, key, null, Map.of("gemini/gemini-2.5-flash", "gemini-2.5-flash"))));

        assertThat(deployments.find("anthropic/claude-sonnet-4").orElseThrow().provider()).isInstanceOf(dev.switchboard.worker.provider.anthropic.AnthropicProvider.class);
        assertThat(deployments.find("gemini/gemini-2.5-flash").orElseThrow().provider()).isInstanceOf(dev.switchboard.worker.provider.gemini.GeminiProvider.class);
    }

    @Test
    void shouldReadTheKeyFromAFileAndMapUpstreamNames() throws Exception {
        Path key = Files.writeString(dir.resolve("key"), "sk-test-secret\n");
        ProviderSettings settings = new ProviderSettings("openai", "openai", "https://api.openai.com/v1", null, key, null,
                Map.of("openai/gpt-4o", "gpt-4o", "openai/gpt-4o-mini", "gpt-4o-mini"));

        var deployments = ProviderDeployments.configured(List.of(settings));

        assertThat(deployments.models()).containsExactly("openai/gpt-4o", "openai/gpt-4o-mini");
        assertThat(deployments.find("openai/gpt-4o").orElseThrow().upstreamModel()).isEqualTo("gpt-4o");
        assertThat(deployments.find("openai/gpt-4o").orElseThrow().toString()).doesNotContain("sk-test-secret");
    }
}
