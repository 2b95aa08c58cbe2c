package dev.switchboard.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.launcher.config.SwitchboardConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bench at a tiny scale on the embedded system: every request gets exactly one answer, the report has a row per
 * tier, phase and system, and its last line is JSON. Performance is never asserted here.
 */
class BenchEndToEndTest {
    @Test
    void shouldAnswerEveryBenchRequestExactlyOnceAndReportARowPerTier() throws Exception {
        SwitchboardConfig config = SwitchboardConfig.load(null).withPorts(0, 0, 0, -1)
                .withSimulator(new SwitchboardConfig.SimulatorSettings(0, 0.2, List.of()))
                .withEmbeddings(new SwitchboardConfig.EmbeddingSettings("none"));
        BenchSettings settings = new BenchSettings(20, Duration.ofSeconds(3), Duration.ZERO, BenchSettings.parseTierMix("interactive:1,standard:2,batch:1"),
                false, 50, BenchSettings.parseTier("batch"), BenchSettings.parseTier("interactive"), Duration.ofMillis(100), true,
                BenchSettings.RelayConsumer.SHARE, Duration.ofSeconds(60), BenchSettings.DEFAULT_MODEL, BenchSettings.DEFAULT_TENANT, 16,
                BenchSettings.FrontDoor.REQUESTS);
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        BenchReport report = new BenchRunner(config, settings, new PrintStream(log, true, StandardCharsets.UTF_8)).run();

        assertThat(report.rows()).extracting(r -> r.phase() + "/" + r.system() + "/" + r.tier()).containsExactly(
                "rate/switchboard/interactive", "rate/switchboard/standard", "rate/switchboard/batch", "rate/switchboard/all",
                "rate/relay/all", "flood/switchboard/batch", "probes/switchboard/interactive");
        assertThat(report.rows()).allSatisfy(row -> {
            assertThat(row.missing()).as(row + " missing").isZero();
            assertThat(row.duplicates()).as(row + " duplicates").isZero();
            assertThat(row.answered()).as(row + " answered").isEqualTo(row.sent());
            assertThat(row.statuses()).as(row + " statuses").containsOnlyKeys(BenchRow.OK);
        });
        assertThat(report.row("rate", "switchboard", "all").orElseThrow().sent()).isEqualTo(60);
        assertThat(report.row("rate", "relay", "all").orElseThrow().sent()).isEqualTo(60);
        assertThat(report.row("flood", "switchboard", "batch").orElseThrow().sent()).isEqualTo(50);
        assertThat(report.row("probes", "switchboard", "interactive").orElseThrow().sent()).isEqualTo(30);
        assertThat(report.exactlyOnce()).isTrue();
        assertThat(report.answersPerSecondRatio()).isPresent();

        String[] lines = report.render().strip().split("\n");
        String last = lines[lines.length - 1];
        assertThat(last).startsWith(BenchReport.JSON_PREFIX);
        JsonNode json = new ObjectMapper().readTree(last.substring(BenchReport.JSON_PREFIX.length()));
        assertThat(json.get("exactly_once").asBoolean()).isTrue();
        assertThat(json.get("rows")).hasSize(7);
        assertThat(json.get("ratios").has("answers_per_s")).isTrue();
    }
}
