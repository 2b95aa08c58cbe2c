package dev.switchboard.cost.budget;

import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * How much of one budget one scope has used in the current period.
 *
 * @param budgetScopeId the budget's own scope id; null when it applies to each team, project or key
 * @param scopeId       the tenant, team, project or key the spend is of; null for a budget that applies to each
 *                      but has no spend yet
 * @param hardLimit     null when the budget sets none
 * @param softLimit     null when the budget sets none
 */
public record BudgetUse(BudgetScope scope, String budgetScopeId, String scopeId, BudgetPeriod period,
        Instant periodStart, BigDecimal hardLimit, BigDecimal softLimit, BigDecimal spent, long calls) {

    /** Percent of the hard limit used (two decimals, rounded down), or null. */
    public BigDecimal hardPercent() {
        return BudgetThresholds.percent(spent, hardLimit);
    }

    public BigDecimal softPercent() {
        return BudgetThresholds.percent(spent, softLimit);
    }
}
