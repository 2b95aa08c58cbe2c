package dev.switchboard.router.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LedgerEntryTest {
    private static final BigDecimal LIMIT = new BigDecimal("0.010");

    @Test
    void shouldCountWhatIsLentAsCommittedUntilItComesBack() {
        LedgerEntry entry = LedgerEntry.empty(0).lend(new BigDecimal("0.004"));

        assertThat(entry.committed()).isEqualByComparingTo("0.004");
        assertThat(entry.available(LIMIT)).isEqualByComparingTo("0.006");
    }

    @Test
    void shouldTurnReportedSpendIntoSettledAndFreeTheReleasedRest() {
        LedgerEntry entry = LedgerEntry.empty(0).lend(new BigDecimal("0.004")).givenBack(new BigDecimal("0.001"), new BigDecimal("0.002"));

        assertThat(entry.settled()).isEqualByComparingTo("0.002");
        assertThat(entry.lent()).isEqualByComparingTo("0.001");
        assertThat(entry.committed()).isEqualByComparingTo("0.003");
    }

    @Test
    void shouldTakeTheAggregatorsCountWhenItIsAheadWithoutCountingACallTwice() {
        LedgerEntry entry = LedgerEntry.empty(0).lend(new BigDecimal("0.002")).givenBack(BigDecimal.ZERO, new BigDecimal("0.002"))
                .reported(new BigDecimal("0.0095"));

        assertThat(entry.spent()).isEqualByComparingTo("0.0095");
        assertThat(entry.available(LIMIT)).isEqualByComparingTo("0.0005");
        assertThat(entry.reported(new BigDecimal("0.001")).reported()).as("an older count never lowers it").isEqualByComparingTo("0.0095");
    }

    @Test
    void shouldNeverOfferANegativeAvailability() {
        assertThat(LedgerEntry.empty(0).reported(new BigDecimal("0.02")).available(LIMIT)).isZero();
    }
}
