package dev.switchboard.cost;

import dev.switchboard.schemas.Budget;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.Money;
import java.util.List;

/** Builds governance policies and budgets for tests; limits are decimal strings, null for none. */
public final class PolicyFixtures {
    private PolicyFixtures() {
    }

    public static GovernancePolicy policy(String tenant, Budget... budgets) {
        return GovernancePolicy.newBuilder().setTenant(tenant).setBudgets(List.of(budgets)).build();
    }

    public static Budget budget(BudgetScope scope, String scopeId, BudgetPeriod period, String hard, String soft) {
        return Budget.newBuilder()
                .setScope(scope)
                .setScopeId(scopeId)
                .setPeriod(period)
                .setHardLimit(hard == null ? null : Money.of(hard))
                .setSoftLimit(soft == null ? null : Money.of(soft))
                .build();
    }
}
