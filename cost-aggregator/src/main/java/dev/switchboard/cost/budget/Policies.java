package dev.switchboard.cost.budget;

import dev.switchboard.schemas.Budget;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.BudgetScopes;
import dev.switchboard.schemas.GovernancePolicy;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which policy applies to a tenant and which of its budgets a spend row counts against. */
public final class Policies {
    private static final Logger LOG = LoggerFactory.getLogger(Policies.class);
    /** Key of the policy that applies to tenants without their own. */
    public static final String DEFAULT_TENANT = "*";

    private Policies() {
    }

    /**
     * The tenant's policy, else the "*" default, else null. A stored policy that cannot be read counts as none: a
     * record written to llm.policies by hand is skipped while the aggregator runs, but a restore of the global store
     * copies its bytes as they are, and one bad record must not stop the alerts of every tenant.
     */
    public static GovernancePolicy forTenant(String tenant, Function<String, GovernancePolicy> lookup) {
        GovernancePolicy own = readable(tenant, lookup);
        return own != null ? own : readable(DEFAULT_TENANT, lookup);
    }

    private static GovernancePolicy readable(String tenant, Function<String, GovernancePolicy> lookup) {
        try {
            return lookup.apply(tenant);
        } catch (SerializationException e) {
            LOG.warn("the stored policy of '{}' is unreadable and is ignored until a valid one is published", tenant, e);
            return null;
        }
    }

    /** A budget counts a scope's spend when scope and period are equal and its scope id is equal or null (each). */
    public static boolean matches(Budget budget, BudgetScope scope, String scopeId, BudgetPeriod period) {
        return budget.getScope() == scope && budget.getPeriod() == period && BudgetScopes.applies(budget.getScopeId(), scopeId);
    }

    public static List<Budget> matching(GovernancePolicy policy, BudgetScope scope, String scopeId, BudgetPeriod period) {
        if (policy == null || policy.getBudgets() == null) {
            return List.of();
        }
        return policy.getBudgets().stream().filter(b -> matches(b, scope, scopeId, period)).toList();
    }
}
