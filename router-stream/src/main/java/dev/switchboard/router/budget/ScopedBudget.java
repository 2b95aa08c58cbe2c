package dev.switchboard.router.budget;

import dev.switchboard.router.governance.Scopes;
import dev.switchboard.schemas.Budget;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetPeriods;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.BudgetScopes;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A budget of the tenant's policy applied to the member a request belongs to, in the current period. */
public record ScopedBudget(Budget budget, String member, String ledgerKey, long periodEndMs) {

    /** Every budget the request counts against: its tenant's, its team's, its project's and its key's. */
    public static List<ScopedBudget> of(GovernancePolicy policy, LlmRequest request, Instant now) {
        List<ScopedBudget> budgets = new ArrayList<>();
        for (Budget budget : policy.getBudgets()) {
            BudgetScopes.memberOf(budget.getScope(), request.getTenant(), request.getAttribution())
                    .filter(member -> BudgetScopes.applies(budget.getScopeId(), member))
                    .ifPresent(member -> budgets.add(new ScopedBudget(budget, member,
                            ledgerKey(request.getTenant(), budget.getScope(), member, budget.getPeriod(), BudgetPeriods.start(budget.getPeriod(), now)),
                            BudgetPeriods.end(budget.getPeriod(), now).toEpochMilli())));
        }
        return budgets;
    }

    public static String ledgerKey(String tenant, BudgetScope scope, String member, BudgetPeriod period, Instant periodStart) {
        return Scopes.key(tenant, scope.name(), member, period.name(), Long.toString(periodStart.toEpochMilli()));
    }

    public BigDecimal hardLimit() {
        return budget.getHardLimit();
    }

    public BigDecimal softLimit() {
        return budget.getSoftLimit();
    }

    /** For answers: "team search's daily budget of 5.00 USD". */
    public String describe() {
        String scope = budget.getScope().name().toLowerCase(Locale.ROOT);
        String period = budget.getPeriod() == BudgetPeriod.DAY ? "daily" : "monthly";
        return scope + " " + member + "'s " + period + " budget";
    }

    static String usd(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString() + " USD";
    }
}
