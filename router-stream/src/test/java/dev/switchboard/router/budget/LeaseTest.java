package dev.switchboard.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LeaseTest {
    @Test
    void shouldReserveFromWhatIsHeldAndSettleWithTheRealCost() {
        Lease lease = Lease.empty("acme", 0).granted(new BigDecimal("0.003"), BigDecimal.ZERO, 1).reserve(new BigDecimal("0.001"), 2);

        assertThat(lease.free()).isEqualByComparingTo("0.002");
        Lease settled = lease.settle(new BigDecimal("0.001"), new BigDecimal("0.0002"));
        assertThat(settled.reserved()).isZero();
        assertThat(settled.spent()).isEqualByComparingTo("0.0002");
        assertThat(settled.free()).isEqualByComparingTo("0.0028");
    }

    @Test
    void shouldGiveBackTheReleasedPartAndTheReportedSpend() {
        Lease lease = Lease.empty("acme", 0).granted(new BigDecimal("0.003"), new BigDecimal("0.01"), 1)
                .reserve(new BigDecimal("0.001"), 2).reserve(new BigDecimal("0.001"), 3)
                .settle(new BigDecimal("0.001"), new BigDecimal("0.0004"));

        Lease back = lease.givenBack(lease.free());

        assertThat(back.held()).as("only the reservation still out is held").isEqualByComparingTo("0.001");
        assertThat(back.spent()).isZero();
        assertThat(back.free()).isZero();
        assertThat(back.ledgerSpent()).as("the reported spend now counts as the ledger's").isEqualByComparingTo("0.0104");
    }

    @Test
    void shouldSeeItsOwnUseAboveTheLedgersSpendForSoftLimits() {
        Lease lease = Lease.empty("acme", 0).granted(new BigDecimal("0.01"), new BigDecimal("0.5"), 1).reserve(new BigDecimal("0.002"), 2);

        assertThat(lease.committed()).isEqualByComparingTo("0.502");
    }

    @Test
    void shouldGoNegativeWhenAnAnswerCostMoreThanItsWorstCase() {
        Lease lease = Lease.empty("acme", 0).granted(new BigDecimal("0.001"), BigDecimal.ZERO, 1).reserve(new BigDecimal("0.001"), 2)
                .settle(new BigDecimal("0.001"), new BigDecimal("0.0015"));

        assertThat(lease.free()).isEqualByComparingTo("-0.0005");
    }
}
