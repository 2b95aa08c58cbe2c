package dev.switchboard.cost.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SpendKeyTest {
    @Test
    void shouldKeepATenantsPeriodUnderOnePrefix() {
        Instant start = Instant.parse("2025-03-01T00:00:00Z");
        String key = new SpendKey("acme", BudgetPeriod.DAY, start, BudgetScope.TEAM, "search").encode();

        assertThat(key).startsWith(SpendKey.prefix("acme", BudgetPeriod.DAY, start));
        assertThat(key).doesNotStartWith(SpendKey.prefix("acm", BudgetPeriod.DAY, start));
        assertThat(key.replace(SpendKey.SEPARATOR, '|')).isEqualTo("acme|DAY|2025-03-01|TEAM|search");
        assertThat(SpendKey.periodStartOf(key)).isEqualTo(start);
        assertThatThrownBy(() -> SpendKey.periodStartOf("acme")).isInstanceOf(IllegalArgumentException.class);
    }
}
