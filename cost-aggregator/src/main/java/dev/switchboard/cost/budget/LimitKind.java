package dev.switchboard.cost.budget;

import dev.switchboard.schemas.Budget;
import java.math.BigDecimal;
import java.util.function.Function;

/** The two limits of a budget; alerts are raised for each separately. */
public enum LimitKind {
    HARD("hard", Budget::getHardLimit),
    SOFT("soft", Budget::getSoftLimit);

    private final String label;
    private final Function<Budget, BigDecimal> limit;

    LimitKind(String label, Function<Budget, BigDecimal> limit) {
        this.label = label;
        this.limit = limit;
    }

    /** As on {@code BudgetAlert.limit_kind}. */
    public String label() {
        return label;
    }

    /** The limit, or null when the budget sets none of this kind. */
    public BigDecimal limitOf(Budget budget) {
        return limit.apply(budget);
    }
}
