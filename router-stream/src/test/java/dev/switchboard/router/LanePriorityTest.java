package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LanePriorityTest {
    private final LanePriority.BatchYield yield = new LanePriority.BatchYield(Duration.ofHours(1), Duration.ofMillis(2), Duration.ofMillis(200));

    @Test
    void shouldPaceBatchOnlyWhileInteractiveRequestsArrive() {
        LanePriority priority = new LanePriority(yield);
        assertThat(priority.pauseFor(100)).as("no interactive request yet").isZero();

        priority.interactiveArrived();

        assertThat(priority.pauseFor(10)).isEqualTo(Duration.ofMillis(20));
        assertThat(priority.pauseFor(0)).as("a poll without batch requests").isZero();
        assertThat(priority.pauseFor(5_000)).as("never more than the cap per poll").isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldNeverPaceWithoutAPauseAndRejectNegativeSettings() {
        LanePriority off = new LanePriority(new LanePriority.BatchYield(Duration.ofHours(1), Duration.ZERO, Duration.ofMillis(200)));
        off.interactiveArrived();
        assertThat(off.pauseFor(1_000)).isZero();

        assertThatThrownBy(() -> new LanePriority.BatchYield(Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("interactiveWindow");
        assertThatThrownBy(() -> new LanePriority.BatchYield(Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofSeconds(6)))
                .hasMessageContaining("maxPausePerPoll");
    }
}
