package dev.switchboard.cost.budget;

import static dev.switchboard.cost.PolicyFixtures.budget;
import static dev.switchboard.cost.PolicyFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.SpendUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetUsesTest {
    private static final Instant NOW = Instant.parse("2025-03-15T08:00:00Z");
    private static final Instant DAY = Instant.parse("2025-03-15T00:00:00Z");
    private static final Instant MONTH = Instant.parse("2025-03-01T00:00:00Z");

    private final List<String> asked = new ArrayList<>();

    @Test
    void shouldPairEachBudgetWithItsScopesSpendInTheCurrentPeriod() {
        var policy = policy("acme",
                budget(BudgetScope.TENANT, null, BudgetPeriod.DAY, "0.0002", "0.0001"),
                budget(BudgetScope.TEAM, null, BudgetPeriod.MONTH, "1", null),
                budget(BudgetScope.TEAM, "search", BudgetPeriod.MONTH, "2", null),
                budget(BudgetScope.KEY, "key-z", BudgetPeriod.DAY, null, "5"),
                budget(BudgetScope.PROJECT, null, BudgetPeriod.DAY, "3", null));

        List<BudgetUse> uses = BudgetUses.of("acme", policy, NOW, (period, start) -> {
            asked.add(period + "@" + start);
            return period == BudgetPeriod.DAY
                    ? List.of(row(BudgetScope.TENANT, "acme", period, start, "0.000123"))
                    : List.of(row(BudgetScope.TEAM, "search", period, start, "0.5"),
                            row(BudgetScope.TEAM, "ads", period, start, "0.25"),
                            row(BudgetScope.TENANT, "acme", period, start, "0.75"));
        });

        assertThat(uses).extracting(u -> u.scope() + " " + u.budgetScopeId() + " " + u.scopeId() + " " + u.periodStart()
                        + " " + u.spent().toPlainString() + " " + u.hardPercent() + " " + u.softPercent())
                .containsExactly(
                        "TENANT null acme " + DAY + " 0.000123000000 61.50 123.00",
                        "TEAM null ads " + MONTH + " 0.250000000000 25.00 null",
                        "TEAM null search " + MONTH + " 0.500000000000 50.00 null",
                        "TEAM search search " + MONTH + " 0.500000000000 25.00 null",
                        "KEY key-z key-z " + DAY + " 0.000000000000 null 0.00",
                        "PROJECT null null " + DAY + " 0.000000000000 0.00 null");
        assertThat(asked).containsOnly("DAY@" + DAY, "MONTH@" + MONTH);
    }

    @Test
    void shouldHaveNoUsesWithoutAPolicy() {
        assertThat(BudgetUses.of("acme", null, NOW, (period, start) -> List.of())).isEmpty();
    }

    private static SpendUpdate row(BudgetScope scope, String id, BudgetPeriod period, Instant start, String spent) {
        return SpendUpdate.newBuilder().setTenant("acme").setScope(scope).setScopeId(id).setPeriod(period)
                .setPeriodStart(start).setSpent(Money.of(spent)).setCalls(1).setUpdatedAt(NOW).build();
    }
}
