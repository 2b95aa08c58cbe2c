package dev.switchboard.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwitchboardConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldLoadBuiltInDefaultsAsEmbeddedAndSimulated() {
        SwitchboardConfig config = SwitchboardConfig.load(null);

        assertThat(config.kafka().embedded()).isTrue();
        assertThat(config.simulated()).isTrue();
        assertThat(config.servedModels()).containsExactly("sim/small", "sim/large", "sim/long");
        assertThat(config.routerConfig().dedupWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(config.routerConfig().policyOf("globex").allows("sim/large")).isFalse();
        assertThat(config.workerConfigs()).singleElement().satisfies(pool -> {
            assertThat(pool.models()).containsExactly("sim/small", "sim/large", "sim/long");
            assertThat(pool.tiers().get(dev.switchboard.schemas.Tier.INTERACTIVE).maxInFlight()).isEqualTo(64);
            assertThat(pool.resilience().maxAttempts()).isEqualTo(3);
        });
    }

    @Test
    void shouldLoadTheComposeDeploymentsSettings() {
        SwitchboardConfig config = SwitchboardConfig.load(Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "ops", "switchboard.yaml"));

        assertThat(config.kafka().embedded()).isFalse();
        assertThat(config.registry().inMemory()).isFalse();
    }

    @Test
    void shouldRejectAMistypedKeyAtStartup() throws IOException {
        Path file = write(defaults().replace("dedupWindow:", "dedupWindw:"));

        assertThatThrownBy(() -> SwitchboardConfig.load(file)).hasMessageContaining("dedupWindw");
    }

    @Test
    void shouldTuneEachRouterPartAndRejectAnIntervalOutOfRangeAtStartup() throws IOException {
        SwitchboardConfig config = SwitchboardConfig.load(null);
        assertThat(config.router().routerCommitIntervals().interactive()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.router().routerCommitIntervals().batch()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.router().batchYieldPolicy().pausePerRequest()).isEqualTo(Duration.ofMillis(2));
        assertThat(config.cost().commitInterval()).isEqualTo(Duration.ofSeconds(1));

        Path zeroCommit = write(defaults().replace("    batch: PT0.2S", "    batch: PT0S"));
        assertThatThrownBy(() -> SwitchboardConfig.load(zeroCommit)).hasMessageContaining("commitIntervals.batch");
        Path negativePause = write(defaults().replace("pausePerRequest: PT0.002S", "pausePerRequest: PT-0.002S"));
        assertThatThrownBy(() -> SwitchboardConfig.load(negativePause)).hasMessageContaining("batchYield.pausePerRequest");
        Path slowCost = write(defaults().replace("commitInterval: PT1S", "commitInterval: PT1M"));
        assertThatThrownBy(() -> SwitchboardConfig.load(slowCost)).hasMessageContaining("cost.commitInterval");
    }

    @Test
    void shouldRejectADefaultModelNoProviderServes() throws IOException {
        Path file = write(defaults().replace("defaultModel: sim/small\n    baselineModel", "defaultModel: openai/gpt-4o\n    baselineModel"));

        assertThatThrownBy(() -> SwitchboardConfig.load(file)).hasMessageContaining("openai/gpt-4o").hasMessageContaining("not a served model");
    }

    @Test
    void shouldServeEveryModelTheProvidersMap() throws IOException {
        Path file = write(defaults().replace("providers: []", """
                providers:
                  - name: openai
                    baseUrl: https://api.openai.com/v1
                    apiKeyEnv: SWITCHBOARD_TEST_UNSET_KEY
                    models: {sim/small: gpt-4o-mini, sim/large: gpt-4o}
                """));

        SwitchboardConfig config = SwitchboardConfig.load(file);
        assertThat(config.simulated()).isFalse();
        assertThat(config.servedModels()).containsExactly("sim/large", "sim/small");
    }

    private static String defaults() throws IOException {
        try (var in = SwitchboardConfig.class.getResourceAsStream(SwitchboardConfig.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("switchboard.yaml"), yaml);
    }
}
