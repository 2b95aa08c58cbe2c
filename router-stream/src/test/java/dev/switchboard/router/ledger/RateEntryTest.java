package dev.switchboard.router.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateEntryTest {
    @Test
    void shouldCountWhatLanesHoldAsUsedUntilTheyReportIt() {
        RateEntry entry = RateEntry.empty().at(100).lend(6).lend(4);

        assertThat(entry.available(10)).as("everything lent: nothing left for another lane").isZero();
        RateEntry reported = entry.givenBack(2, 8, 100);
        assertThat(reported.lent()).isZero();
        assertThat(reported.committed()).as("the 8 used count in their minute; the 2 unused came back").isEqualTo(8);
        assertThat(reported.available(10)).isEqualTo(2);
    }

    @Test
    void shouldLetUseSlideOutAMinuteAfterItsLastReportedSecond() {
        RateEntry entry = RateEntry.empty().at(100).lend(5).givenBack(0, 5, 130);

        assertThat(entry.at(189).committed()).as("used at 130: still within the minute ending at 189").isEqualTo(5);
        assertThat(entry.at(190).committed()).isZero();
        assertThat(entry.at(190).idle()).isTrue();
    }

    @Test
    void shouldNeverLetItsClockRunBackwards() {
        RateEntry entry = RateEntry.empty().at(200).lend(3).givenBack(0, 3, 120);

        assertThat(entry.at(150).lastSecond()).isEqualTo(200);
        assertThat(entry.at(150).committed()).as("a use reported late counts at the ledger's present, never earlier").isEqualTo(3);
    }

    @Test
    void shouldSurviveTheStoreRoundTrip() {
        RateEntry entry = RateEntry.empty().at(42).lend(7).givenBack(1, 2, 42);

        assertThat(RateEntry.SERDE.deserializer().deserialize("t", RateEntry.SERDE.serializer().serialize("t", entry)).committed())
                .isEqualTo(entry.committed()).isEqualTo(6);
    }
}
