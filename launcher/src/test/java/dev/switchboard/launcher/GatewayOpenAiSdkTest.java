package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.router.governance.VirtualKeyHash;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAI's official Node SDK (the {@code openai} npm package, pinned in src/test/node/package-lock.json) against the
 * gateway on the embedded system: models, a chat completion, a streamed one, an error, and a whole batch. Skipped,
 * with the reason, where Node or the installed package is missing ({@code npm ci} in src/test/node; .ci/run does it).
 */
class GatewayOpenAiSdkTest {
    private static final Path NODE_DIR = Path.of("src/test/node");
    private static final String KEY = "sk-sb-sdk-test-key-000000000000000000000000";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void shouldServeTheOfficialSdkForChatStreamingModelsAndBatches() throws Exception {
        assumeTrue(commandWorks("node", "--version"), "node is not installed: the OpenAI SDK test cannot run");
        assumeTrue(Files.isDirectory(NODE_DIR.resolve("node_modules/openai")),
                "the openai package is not installed: run 'npm ci' in launcher/src/test/node (.ci/run does)");

        Path governance = Files.writeString(dir.resolve("governance.yaml"), """
                tenants:
                  sdk:
                    requireKey: true
                keys:
                  - {id: sdk-key, tenant: sdk, sha256: %s}
                """.formatted(VirtualKeyHash.sha256Hex(KEY)));
        SwitchboardConfig config = PipelineContract.fastDefaults()
                .withEmbeddings(new SwitchboardConfig.EmbeddingSettings("none"))
                .withGovernance(new SwitchboardConfig.GovernanceSettings(governance, Duration.ofMillis(200)));
        try (SwitchboardSystem system = SwitchboardSystem.start(config, EnumSet.allOf(Component.class))) {
            system.awaitGovernance(system.governance().awaitPublishedAfter(0, TIMEOUT), TIMEOUT);
            JsonNode summary = runSdk(system.gateway().orElseThrow().baseUri().toString());

            List<String> models = new ArrayList<>();
            summary.path("models").forEach(m -> models.add(m.asText()));
            assertThat(models).contains("auto", "sim/small", "sim/large");
            assertThat(summary.at("/completion/model").asText()).isEqualTo("sim/small");
            assertThat(summary.at("/completion/content").asText()).isNotBlank();
            assertThat(summary.at("/completion/usage/total_tokens").asInt()).isPositive();
            assertThat(summary.at("/completion/switchboard/cache/outcome").asText()).as("the extension field reaches SDK users").isEqualTo("miss");
            assertThat(new BigDecimal(summary.path("costHeader").asText())).isPositive();
            assertThat(summary.at("/stream/chunks").asInt()).isGreaterThan(2);
            assertThat(summary.at("/stream/content").asText()).isNotBlank();
            assertThat(summary.at("/stream/finishReason").asText()).isNotBlank();
            assertThat(summary.at("/streamedRefusal/firstRole").asText()).as("the stream opened before the answer").isEqualTo("assistant");
            assertThat(summary.at("/streamedRefusal/code").asText()).isEqualTo("model_not_found");
            assertThat(summary.at("/streamedRefusal/isApiError").asBoolean()).as("the SDK raises the error event").isTrue();
            assertThat(summary.at("/notFound/status").asInt()).isEqualTo(404);
            assertThat(summary.at("/notFound/isNotFound").asBoolean()).as("the SDK raises its own NotFoundError").isTrue();
            assertThat(summary.at("/batch/status").asText()).isEqualTo("completed");
            assertThat(summary.at("/batch/counts/completed").asInt()).isEqualTo(3);
            assertThat(summary.at("/batch/counts/failed").asInt()).isZero();
            assertThat(summary.at("/batch/outputIds").toString()).isEqualTo("[\"x\",\"y\",\"z\"]");
            assertThat(summary.at("/batch/outputStatuses").toString()).isEqualTo("[200,200,200]");
        }
    }

    private JsonNode runSdk(String baseUrl) throws Exception {
        Path out = dir.resolve("sdk-out.txt");
        Path err = dir.resolve("sdk-err.txt");
        ProcessBuilder builder = new ProcessBuilder("node", "sdk-check.mjs").directory(NODE_DIR.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("SWITCHBOARD_BASE_URL", baseUrl);
        builder.environment().put("SWITCHBOARD_API_KEY", KEY);
        Process process = builder.start();
        boolean exited = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(exited).as("the SDK script finished; stderr: " + stderr).isTrue();
        assertThat(process.exitValue()).as("the SDK script succeeded; stderr: " + stderr).isZero();
        String last = stdout.lines().reduce((a, b) -> b).orElse("");
        return new ObjectMapper().readTree(last);
    }

    private static boolean commandWorks(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
