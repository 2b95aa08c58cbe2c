package dev.switchboard.cost.budget;

import dev.switchboard.schemas.Budget;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.GovernancePolicy;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Which policy applies to a tenant and which of its budgets a spend row counts against. */
public final class Policies {
    /** Key of the policy that applies to tenants without their own. */
    public static final String DEFAULT_TENANT = "*";

    private Policies() {
    }

    /** The tenant's policy, else the "*" default, else null. */
    public static GovernancePolicy forTenant(String tenant, Function<String, GovernancePolicy> lookup) {
        GovernancePolicy own = lookup.apply(tenant);
        return own != null ? own : lookup.apply(DEFAULT_TENANT);
    }

    /** A budget counts a scope's spend when scope and period are equal and its scope id is equal or null (each). */
    public static boolean matches(Budget budget, BudgetScope scope, String scopeId, BudgetPeriod period) {
        return budget.getScope() == scope && budget.getPeriod() == period
                && (budget.getScopeId() == null || Objects.equals(budget.getScopeId(), scopeId));
    }

    public static List<Budget> matching(GovernancePolicy policy, BudgetScope scope, String scopeId, BudgetPeriod period) {
        if (policy == null || policy.getBudgets() == null) {
            return List.of();
        }
        return policy.getBudgets().stream().filter(b -> matches(b, scope, scopeId, period)).toList();
    }
}
