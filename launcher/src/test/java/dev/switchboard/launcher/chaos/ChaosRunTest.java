package dev.switchboard.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos scenario, short: a real three-broker cluster, two routers, two workers and the cost aggregator as
 * separate JVMs; the leader of llm.requests killed and restarted, a router killed and restarted, a worker halting at
 * random crash points. Every request must have exactly one answer and the aggregator must agree with the answers.
 */
class ChaosRunTest {
    @Test
    @Timeout(900)
    void shouldAnswerEveryRequestOnceThroughBrokerRouterAndWorkerCrashes() throws Exception {
        // Opt-in until it has been seen to pass in CI's time: on the shared development machine (load average 60-120)
        // five component JVMs took over six minutes to start, and no run has finished yet.
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("switchboard.chaos"),
                "the chaos run (8 JVMs, several minutes) runs with -Dswitchboard.chaos=true");
        // Kept after the run (not a temporary directory): the components' logs are what explains a failure.
        Path dir = java.nio.file.Files.createDirectories(Path.of("target", "chaos-test-" + System.currentTimeMillis()));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ChaosReport report;
        try (PrintStream out = new PrintStream(new TeeStream(output, System.out), true, StandardCharsets.UTF_8)) {
            report = ChaosRun.run(new ChaosRun.Settings(30, 4, 11, dir, Duration.ofMinutes(6)), out);
        }
        System.out.println(report.lastLine());
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("killed broker", "killed router-1");
        assertThat(report.requests()).isGreaterThanOrEqualTo(100);
        assertThat(report.lost()).as("requests without an answer").isZero();
        assertThat(report.duplicates() + report.strangers()).as("second answers").isZero();
        assertThat(report.totalsMatch()).as("aggregator %s against answers %s", report.aggregatorCosts(), report.answerCosts()).isTrue();
        assertThat(report.passed()).isTrue();
        assertThat(report.lastLine()).matches("requests=\\d+ answered=\\d+ duplicates=0 lost=0 totals_match=true max_stall_ms=\\d+");
    }

    /** Prints as it goes (a long test shows its progress) and keeps what it printed. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
