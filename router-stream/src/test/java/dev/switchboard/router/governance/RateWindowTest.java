package dev.switchboard.router.governance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateWindowTest {
    @Test
    void shouldCountTheLastSixtySecondsAndLetOlderSecondsSlideOut() {
        RateWindow window = RateWindow.empty().plus(100, 10).plus(100, 5).plus(130, 20);

        assertThat(window.used(130)).isEqualTo(35);
        assertThat(window.used(159)).as("second 100 is still within the minute ending at 159").isEqualTo(35);
        assertThat(window.used(160)).as("second 100 slid out").isEqualTo(20);
        assertThat(window.idle(190)).isTrue();
    }

    @Test
    void shouldReuseASlotForASecondAMinuteLater() {
        RateWindow window = RateWindow.empty().plus(5, 1).plus(65, 7);

        assertThat(window.used(65)).isEqualTo(7);
    }

    @Test
    void shouldSurviveTheStoreRoundTrip() {
        RateWindow window = RateWindow.empty().plus(42, 9);
        RateWindow read = RateWindow.SERDE.deserializer().deserialize("t", RateWindow.SERDE.serializer().serialize("t", window));

        assertThat(read.used(42)).isEqualTo(9);
    }
}
