package dev.switchboard.cost;

import static dev.switchboard.cost.UsageEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.WindowedCost;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CostSumTest {
    private static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void shouldAddCostsExactlyAtWireScale() {
        WindowedCost sum = CostSum.empty("1m");
        for (int i = 0; i < 1000; i++) {
            sum = CostSum.add(sum, usage("acme", "openai/gpt-4o", "0.000000000001", T), CostDimension.TENANT);
        }
        sum = CostSum.add(sum, usage("acme", "openai/gpt-4o", new BigDecimal("0.1"), Money.ZERO, 7, 3, 1, T), CostDimension.TENANT);

        assertThat(sum.getCost()).isEqualTo(Money.of("0.100000001000"));
        assertThat(sum.getCost().scale()).isEqualTo(Money.SCALE);
        assertThat(sum.getBaselineCost()).isEqualTo(Money.of("0.000000001000"));
        assertThat(sum.getCalls()).isEqualTo(1001);
        assertThat(sum.getInputTokens()).isEqualTo(1000 * 10 + 7);
        assertThat(sum.getTenant()).isEqualTo("acme");
        assertThat(sum.getModel()).isNull();
    }

    @Test
    void shouldKeepModelOnlyForPerModelSums() {
        WindowedCost sum = CostSum.add(CostSum.empty("1h"), usage("acme", "openai/gpt-4o", "0.000001234567", T), CostDimension.MODEL);

        assertThat(sum.getModel()).isEqualTo("openai/gpt-4o");
        assertThat(sum.getWindow()).isEqualTo("1h");
        assertThat(CostSum.withBounds(sum, T, T.plusSeconds(3600)).getWindowEnd()).isEqualTo(T.plusSeconds(3600));
    }

    @Test
    void shouldKeepTenantPrefixRangeToOneTenant() {
        String key = TenantKey.of("acme", "openai/gpt-4o");

        assertThat(TenantKey.tenantOf(key)).isEqualTo("acme");
        assertThat(key).isGreaterThanOrEqualTo(TenantKey.rangeFrom("acme")).isLessThan(TenantKey.rangeTo("acme"));
        assertThat(TenantKey.of("acme-eu", "m")).isGreaterThan(TenantKey.rangeTo("acme"));
    }
}
