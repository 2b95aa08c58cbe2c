package dev.switchboard.cost.budget;

import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.BudgetScopes;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.SpendUpdate;
import dev.switchboard.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Which scopes a call's cost counts against, and the exact running total of one of them. */
public final class Spend {
    private Spend() {
    }

    /** One budget scope and the id of the tenant, team, project or key within it. */
    public record ScopeId(BudgetScope scope, String id) {
    }

    /** The tenant, and the team, project and key of the call when it names them (see {@link BudgetScopes#memberOf}). */
    public static List<ScopeId> scopes(UsageEvent usage) {
        List<ScopeId> scopes = new ArrayList<>(4);
        for (BudgetScope scope : BudgetScope.values()) {
            BudgetScopes.memberOf(scope, usage.getTenant(), usage.getAttribution()).ifPresent(id -> scopes.add(new ScopeId(scope, id)));
        }
        return scopes;
    }

    /** {@code previous} (or nothing yet) plus one call of {@code cost}; exact at the wire scale. */
    public static SpendUpdate add(SpendUpdate previous, SpendKey key, BigDecimal cost, Instant now) {
        BigDecimal spent = previous == null ? Money.ZERO : previous.getSpent();
        long calls = previous == null ? 0 : previous.getCalls();
        return SpendUpdate.newBuilder()
                .setTenant(key.tenant())
                .setScope(key.scope())
                .setScopeId(key.scopeId())
                .setPeriod(key.period())
                .setPeriodStart(key.periodStart())
                .setSpent(Money.of(spent.add(cost)))
                .setCalls(calls + 1)
                .setUpdatedAt(now)
                .build();
    }
}
