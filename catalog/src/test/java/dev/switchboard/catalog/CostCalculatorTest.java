package dev.switchboard.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CostCalculatorTest {

    private static CostCalculator calc;

    @BeforeAll
    static void load() {
        calc = new CostCalculator(ModelCatalog.loadDefault());
    }

    @Test
    void shouldPriceCachedTokensAtCachedRate() {
        // sim/small: 400 uncached * 1.5e-7 = 0.00006, 600 cached * 7.5e-8 = 0.000045, 200 out * 6e-7 = 0.00012
        Cost cost = calc.cost("sim/small", 1000, 600, 200, false);
        assertThat(cost.priceKnown()).isTrue();
        assertThat(cost.amount()).isEqualTo(new BigDecimal("0.000225000000"));
        assertThat(cost.amount().scale()).isEqualTo(12);
    }

    @Test
    void shouldPriceRealGpt4oCachedTokensOnce() {
        // gpt-4o: 1000 uncached * 2.5e-6 = 0.0025, 1000 cached * 1.25e-6 = 0.00125, 500 out * 1e-5 = 0.005
        assertThat(calc.cost("openai/gpt-4o", 2000, 1000, 500, false).amount())
                .isEqualTo(new BigDecimal("0.008750000000"));
    }

    @Test
    void shouldUseInputRateForCachedTokensWhenModelHasNoCachedRate() {
        ModelCatalog c = ModelCatalog.fromLiteLlmJson(ModelCatalogTest.json(
                "{\"m\": {\"mode\": \"chat\", \"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 2e-06}}"));
        Cost cost = new CostCalculator(c).cost("m", 1000, 400, 10, false);
        assertThat(cost.amount()).isEqualTo(new BigDecimal("0.001020000000"));
    }

    @Test
    void shouldApplyAbove200kTierToWholeRequest() {
        // sim/long above 200k: 300000 * 2e-6 = 0.6, 1000 out * 8e-6 = 0.008 (no cached tier: cached at tier input)
        assertThat(calc.cost("sim/long", 300_000, 0, 1000, false).amount())
                .isEqualTo(new BigDecimal("0.608000000000"));
        assertThat(calc.cost("sim/long", 300_000, 100_000, 1000, false).amount())
                .isEqualTo(new BigDecimal("0.608000000000"));
        // exactly 200k is still the base tier: 200000 * 1e-6 + 1000 * 4e-6
        assertThat(calc.cost("sim/long", 200_000, 0, 1000, false).amount())
                .isEqualTo(new BigDecimal("0.204000000000"));
    }

    @Test
    void shouldUseCachedAbove200kRateFromRealTable() {
        // claude-sonnet-4-5 above 200k: 200000 * 6e-6 = 1.2, 50000 cached * 6e-7 = 0.03, 100 out * 2.25e-5 = 0.00225
        assertThat(calc.cost("claude-sonnet-4-5", 250_000, 50_000, 100, false).amount())
                .isEqualTo(new BigDecimal("1.232250000000"));
    }

    @Test
    void shouldApplyBatchRates() {
        // sim/large batch: 1000 * 1.25e-6 = 0.00125, 1000 out * 5e-6 = 0.005
        assertThat(calc.cost("sim/large", 1000, 0, 1000, true).amount())
                .isEqualTo(new BigDecimal("0.006250000000"));
        // sim/long has no batch rates: batch flag changes nothing
        assertThat(calc.cost("sim/long", 1000, 0, 1000, true))
                .isEqualTo(calc.cost("sim/long", 1000, 0, 1000, false));
    }

    @Test
    void shouldNeverPriceCachedBatchTokenAboveBatchInputRate() {
        // sim/small batch input 7.5e-8 equals its cached rate: 1000 * 7.5e-8 + 100 * 3e-7
        assertThat(calc.cost("sim/small", 1000, 500, 100, true).amount())
                .isEqualTo(new BigDecimal("0.000105000000"));
    }

    @Test
    void shouldFlagUnknownModel() {
        Cost cost = calc.cost("no-such-model", 1000, 0, 1000, false);
        assertThat(cost).isEqualTo(Cost.unknown());
        assertThat(cost.priceKnown()).isFalse();
        assertThat(cost.amount()).isEqualTo(new BigDecimal("0E-12"));
        assertThat(calc.cost(null, 1, 0, 1, false).priceKnown()).isFalse();
    }

    @Test
    void shouldSumPartsToWhole() {
        BigDecimal whole = calc.cost("sim/large", 7_777, 3_333, 4_444, false).amount();
        BigDecimal uncachedOnly = calc.cost("sim/large", 4_444, 0, 0, false).amount();
        BigDecimal cachedOnly = calc.cost("sim/large", 3_333, 3_333, 0, false).amount();
        BigDecimal outputOnly = calc.cost("sim/large", 0, 0, 4_444, false).amount();
        assertThat(uncachedOnly.add(cachedOnly).add(outputOnly)).isEqualTo(whole);
    }

    @Test
    void shouldRoundFloatArtifactsHalfEvenToTwelveDecimals() {
        // this entry's input price is 0.0000029999900000000002 in the table; * 1000 has 19 decimals
        assertThat(calc.cost("databricks/databricks-claude-sonnet-4", 1000, 0, 0, false).amount())
                .isEqualTo(new BigDecimal("0.002999990000"));
        assertThat(CostCalculator.toWireScale(new BigDecimal("0.0000000000025"))).isEqualTo(new BigDecimal("0.000000000002"));
        assertThat(CostCalculator.toWireScale(new BigDecimal("0.0000000000035"))).isEqualTo(new BigDecimal("0.000000000004"));
    }

    @Test
    void shouldRejectImpossibleTokenCounts() {
        assertThatThrownBy(() -> calc.cost("sim/small", 10, 11, 0, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calc.cost("sim/small", -1, 0, 0, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseUnscaledCostAmounts() {
        assertThat(new Cost(new BigDecimal("1.5"), true).amount()).isEqualTo(new BigDecimal("1.500000000000"));
        assertThatThrownBy(() -> new Cost(new BigDecimal("1e-13"), true)).isInstanceOf(ArithmeticException.class);
    }
}
