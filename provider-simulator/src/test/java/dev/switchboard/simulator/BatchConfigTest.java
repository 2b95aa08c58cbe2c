package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchConfigTest {

    @Test
    void batchCompletionDefaultsToTwoSecondsAndIsScaled() {
        assertThat(SimulatorConfig.defaults().batchCompletion()).isEqualTo(Duration.ofSeconds(2));
        assertThat(new SimulatorConfig(0, Map.of(), ModelLatency.ofMillis(1, 0), List.of(), 7).batchCompletion())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(SimulatorConfig.defaults().withLatencyScale(0.01).batchCompletion()).isEqualTo(Duration.ofMillis(20));
        assertThat(SimulatorConfig.defaults().withBatchCompletion(Duration.ofMillis(50)).withPort(1234).withSeed(3)
                .batchCompletion()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void negativeBatchCompletionIsRejected() {
        assertThatThrownBy(() -> SimulatorConfig.defaults().withBatchCompletion(Duration.ofSeconds(-1)))
                .hasMessageContaining("batchCompletion");
    }
}
