package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    @Test
    void defaultsHaveTheThreeSimModels() {
        SimulatorConfig config = SimulatorConfig.defaults();

        assertThat(config.port()).isZero();
        assertThat(config.seed()).isEqualTo(42);
        assertThat(config.faults()).isEmpty();
        assertThat(config.models()).containsExactly(
                Map.entry("sim/small", ModelLatency.ofMillis(40, 2)),
                Map.entry("sim/large", ModelLatency.ofMillis(150, 8)),
                Map.entry("sim/long", ModelLatency.ofMillis(250, 10)));
    }

    @Test
    void convenienceCopiesChangeOneSetting() {
        SimulatorConfig config = SimulatorConfig.defaults().withPort(18080).withLatencyScale(0.1)
                .withFaults(List.of(Fault.always("*", FaultKind.TIMEOUT)));

        assertThat(config.port()).isEqualTo(18080);
        assertThat(config.models().get("sim/large")).isEqualTo(new ModelLatency(Duration.ofMillis(15), Duration.ofNanos(800_000)));
        assertThat(config.faults()).hasSize(1);
        assertThat(SimulatorConfig.defaults().withLatencyScale(0).models().get("sim/long").timeToFirstToken()).isZero();
    }

    @Test
    void validationNamesTheSetting() {
        assertThatThrownBy(() -> ModelLatency.ofMillis(-1, 0)).hasMessageContaining("timeToFirstToken");
        assertThatThrownBy(() -> ModelLatency.ofMillis(0, -1)).hasMessageContaining("perOutputToken");
        assertThatThrownBy(() -> new Fault("*", FaultKind.SERVER_ERROR, 1.5, null)).hasMessageContaining("probability");
        assertThatThrownBy(() -> new Fault("*", FaultKind.SERVER_ERROR, Double.NaN, null)).hasMessageContaining("probability");
        assertThatThrownBy(() -> new Fault("*", FaultKind.RATE_LIMIT, 1, Duration.ofSeconds(-1))).hasMessageContaining("retryAfter");
        assertThatThrownBy(() -> new Fault(" ", FaultKind.RATE_LIMIT, 1, null)).hasMessageContaining("model");
        assertThatThrownBy(() -> SimulatorConfig.defaults().withPort(70_000)).hasMessageContaining("port");
        assertThatThrownBy(() -> SimulatorConfig.defaults().withLatencyScale(-1)).hasMessageContaining("latency scale");
    }

    @Test
    void rateLimitDefaultsRetryAfterToOneSecond() {
        assertThat(Fault.always("*", FaultKind.RATE_LIMIT).retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void emptyModelMapAcceptsAnyModelWithDefaultLatency() {
        SimulatorConfig config = new SimulatorConfig(0, Map.of(), ModelLatency.ofMillis(1, 0), List.of(), 7);

        assertThat(config.latencyOf("gpt-4o-mini")).isEqualTo(ModelLatency.ofMillis(1, 0));
        assertThat(SimulatorConfig.defaults().latencyOf("gpt-4o-mini")).isNull();
    }
}
