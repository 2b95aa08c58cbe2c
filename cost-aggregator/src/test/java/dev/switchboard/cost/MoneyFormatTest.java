package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyFormatTest {

    @Test
    void shouldShowTwoSignificantDigitsBelowADollar() {
        assertThat(MoneyFormat.usd("0.007071600000")).isEqualTo("$0.0071");
        assertThat(MoneyFormat.usd("0.110000000000")).isEqualTo("$0.11");
        assertThat(MoneyFormat.usd("0.000000150000")).isEqualTo("$0.00000015");
        assertThat(MoneyFormat.usd("0.000000000001")).isEqualTo("$0.000000000001");
    }

    @Test
    void shouldKeepAtLeastTwoDecimals() {
        assertThat(MoneyFormat.usd("0.500000000000")).isEqualTo("$0.50");
        assertThat(MoneyFormat.usd("0.070000000000")).isEqualTo("$0.07");
        assertThat(MoneyFormat.usd("0")).isEqualTo("$0.00");
        assertThat(MoneyFormat.usd("0.000000000000")).isEqualTo("$0.00");
    }

    @Test
    void shouldShowCentsWithThousandsSeparatorsFromADollarUp() {
        assertThat(MoneyFormat.usd("1.000000000000")).isEqualTo("$1.00");
        assertThat(MoneyFormat.usd("1234.565000000000")).isEqualTo("$1,234.57");
        assertThat(MoneyFormat.usd(new BigDecimal("12345678901.004999999999"))).isEqualTo("$12,345,678,901.00");
    }

    @Test
    void shouldRoundHalfUpIncludingAcrossADollar() {
        assertThat(MoneyFormat.usd("0.00705")).isEqualTo("$0.0071");
        assertThat(MoneyFormat.usd("0.00704999")).as("trailing zeros past two decimals dropped").isEqualTo("$0.007");
        assertThat(MoneyFormat.usd("0.996")).isEqualTo("$1.00");
        assertThat(MoneyFormat.usd("0.994")).isEqualTo("$0.99");
    }

    @Test
    void shouldPutTheSignBeforeTheDollar() {
        assertThat(MoneyFormat.usd("-0.000000222222")).isEqualTo("-$0.00000022");
        assertThat(MoneyFormat.usd("-2.5")).isEqualTo("-$2.50");
    }
}
