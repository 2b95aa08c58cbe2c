package dev.switchboard.cost.budget;

import dev.switchboard.schemas.Budget;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetPeriods;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.SpendUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/** Pairs a tenant's budgets with the spend of the current period: what the dashboard's budget table shows. */
public final class BudgetUses {
    private BudgetUses() {
    }

    /**
     * One use per budget and scope: a budget for a named scope (or the tenant) gets one row, spent zero when nothing
     * was spent; a budget for each team, project or key gets one row per scope that spent in the period, or one row
     * without a scope id when none did. In the order of the policy's budgets, then by scope id.
     *
     * @param spend the spend rows of the tenant in a period, given its start
     */
    public static List<BudgetUse> of(String tenant, GovernancePolicy policy, Instant now,
            BiFunction<BudgetPeriod, Instant, List<SpendUpdate>> spend) {
        List<BudgetUse> uses = new ArrayList<>();
        if (policy == null || policy.getBudgets() == null) {
            return uses;
        }
        for (Budget budget : policy.getBudgets()) {
            Instant start = BudgetPeriods.start(budget.getPeriod(), now);
            List<SpendUpdate> rows = spend.apply(budget.getPeriod(), start).stream()
                    .filter(row -> Policies.matches(budget, row.getScope(), row.getScopeId(), row.getPeriod()))
                    .sorted((a, b) -> a.getScopeId().compareTo(b.getScopeId()))
                    .toList();
            String named = budget.getScope() == BudgetScope.TENANT && budget.getScopeId() == null ? tenant : budget.getScopeId();
            if (named != null) {
                SpendUpdate row = rows.stream().filter(r -> Objects.equals(r.getScopeId(), named)).findFirst().orElse(null);
                uses.add(use(budget, named, start, row));
            } else if (rows.isEmpty()) {
                uses.add(use(budget, null, start, null));
            } else {
                rows.forEach(row -> uses.add(use(budget, row.getScopeId(), start, row)));
            }
        }
        return uses;
    }

    private static BudgetUse use(Budget budget, String scopeId, Instant start, SpendUpdate row) {
        return new BudgetUse(budget.getScope(), budget.getScopeId(), scopeId, budget.getPeriod(), start,
                budget.getHardLimit(), budget.getSoftLimit(),
                row == null ? Money.ZERO : row.getSpent(), row == null ? 0 : row.getCalls());
    }
}
