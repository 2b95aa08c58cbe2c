package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostConfigTest {

    @Test
    void shouldDefaultToOneMinuteOneHourAndOneDayWithThirtySecondsGrace() {
        CostConfig config = CostConfig.defaults();

        assertThat(config.grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.labels()).containsExactly("1m", "1h", "1d");
        assertThat(new CostConfig(Duration.ZERO, null).labels()).containsExactly("1m", "1h", "1d");
        assertThat(config.largestSize()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void shouldKeepMinuteWindowsTwoHoursHourWindowsTwoDaysAndDayWindowsFortyEightDays() {
        CostConfig config = CostConfig.defaults();

        assertThat(config.retention(Duration.ofMinutes(1))).isEqualTo(Duration.ofHours(2));
        assertThat(config.retention(Duration.ofHours(1))).isEqualTo(Duration.ofDays(2));
        assertThat(config.retention(Duration.ofDays(1))).isEqualTo(Duration.ofDays(48));
        assertThat(new CostConfig(Duration.ofHours(3), List.of(Duration.ofMinutes(1))).retention(Duration.ofMinutes(1)))
                .isEqualTo(Duration.ofMinutes(181)); // never below size + grace
    }

    @Test
    void shouldRejectBadValuesNamingTheSetting() {
        assertThatThrownBy(() -> new CostConfig(null, List.of())).hasMessageContaining("grace");
        assertThatThrownBy(() -> new CostConfig(Duration.ofSeconds(-1), List.of())).hasMessageContaining("grace");
        assertThatThrownBy(() -> new CostConfig(Duration.ZERO, List.of(Duration.ZERO))).hasMessageContaining("windowSizes");
        assertThatThrownBy(() -> new CostConfig(Duration.ZERO, List.of(Duration.ofSeconds(60), Duration.ofMinutes(1))))
                .hasMessageContaining("windowSizes");
    }

    @Test
    void shouldLookUpSizesByLabel() {
        CostConfig config = CostConfig.defaults();

        assertThat(config.sizeOf("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> config.sizeOf("5m")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1m");
    }

    @Test
    void shouldLabelWindowSizes() {
        assertThat(WindowLabel.of(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(WindowLabel.of(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(WindowLabel.of(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(WindowLabel.of(Duration.ofDays(1))).isEqualTo("1d");
        assertThat(CostStores.names(CostConfig.defaults())).containsExactly(
                "cost-tenant-1m", "cost-tenant-model-1m", "cost-tenant-team-1m", "cost-tenant-feature-1m",
                "cost-tenant-1h", "cost-tenant-model-1h", "cost-tenant-team-1h", "cost-tenant-feature-1h",
                "cost-tenant-1d", "cost-tenant-model-1d", "cost-tenant-team-1d", "cost-tenant-feature-1d");
    }
}
