package dev.switchboard.router.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LeaseSizingTest {
    @Test
    void shouldLendNothingWhenTheBudgetCannotCoverTheNeed() {
        assertThat(LeaseSizing.grant(new BigDecimal("0.0004"), new BigDecimal("0.00065"), new BigDecimal("0.01"))).isZero();
    }

    @Test
    void shouldLendTheNeedPlusAtMostHalfOfWhatRemainsAfterIt() {
        assertThat(LeaseSizing.grant(new BigDecimal("0.005"), new BigDecimal("0.001"), new BigDecimal("0.016")))
                .isEqualByComparingTo("0.003");
    }

    @Test
    void shouldLendTheWantedChunkWhenTheBudgetIsLarge() {
        assertThat(LeaseSizing.grant(new BigDecimal("1000"), new BigDecimal("0.001"), new BigDecimal("0.016")))
                .isEqualByComparingTo("0.016");
    }

    @Test
    void shouldLendExactlyTheLastOfTheBudgetWhenThatIsTheNeed() {
        assertThat(LeaseSizing.grant(new BigDecimal("0.00105"), new BigDecimal("0.00105"), new BigDecimal("0.0168")))
                .isEqualByComparingTo("0.00105");
    }

    @Test
    void shouldLendNothingForAnEmptyNeed() {
        assertThat(LeaseSizing.grant(new BigDecimal("5"), BigDecimal.ZERO, BigDecimal.ONE)).isZero();
    }
}
