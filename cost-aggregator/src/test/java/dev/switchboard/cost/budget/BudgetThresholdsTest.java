package dev.switchboard.cost.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BudgetThresholdsTest {

    @Test
    void shouldCrossAThresholdOnReachingItExactly() {
        BigDecimal limit = new BigDecimal("0.000000000003");

        assertThat(BudgetThresholds.newlyCrossed(new BigDecimal("0.000000000001"), limit, 0)).isEmpty(); // 33 %
        assertThat(BudgetThresholds.newlyCrossed(new BigDecimal("0.000000000002"), limit, 0)).containsExactly(50); // 66 %
        assertThat(BudgetThresholds.newlyCrossed(new BigDecimal("0.000000000003"), limit, 50)).containsExactly(80, 100);
        assertThat(BudgetThresholds.newlyCrossed(new BigDecimal("7"), limit, 100)).isEmpty();
    }

    @Test
    void shouldReportOnlyThresholdsAboveTheOneAlreadyAlerted() {
        assertThat(BudgetThresholds.newlyCrossed(new BigDecimal("0.9"), BigDecimal.ONE, 0)).containsExactly(50, 80);
        assertThat(BudgetThresholds.newlyCrossed(new BigDecimal("0.9"), BigDecimal.ONE, 80)).isEmpty();
        assertThat(BudgetThresholds.newlyCrossed(new BigDecimal("0.8"), BigDecimal.ONE, 50)).containsExactly(80);
    }

    @Test
    void shouldTreatAZeroLimitAsReachedByAnySpend() {
        assertThat(BudgetThresholds.newlyCrossed(new BigDecimal("0.000000000001"), BigDecimal.ZERO, 0)).containsExactly(50, 80, 100);
        assertThat(BudgetThresholds.percent(BigDecimal.ONE, BigDecimal.ZERO)).isNull();
    }

    @Test
    void shouldRoundPercentDownToTwoDecimals() {
        assertThat(BudgetThresholds.percent(new BigDecimal("0.999999999999"), BigDecimal.ONE)).isEqualByComparingTo("99.99");
        assertThat(BudgetThresholds.percent(new BigDecimal("0.000123"), new BigDecimal("0.0002")).toPlainString()).isEqualTo("61.50");
        assertThat(BudgetThresholds.percent(new BigDecimal("3"), new BigDecimal("2")).toPlainString()).isEqualTo("150.00");
        assertThat(BudgetThresholds.percent(BigDecimal.ONE, null)).isNull();
    }
}
