package dev.switchboard.cost.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** The percent arithmetic of budgets, exact: spend is compared with limit × threshold, never divided first. */
public final class BudgetThresholds {
    /** Percent of a limit at which an alert is raised, in ascending order. */
    public static final List<Integer> PERCENTS = List.of(50, 80, 100);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private BudgetThresholds() {
    }

    /**
     * The thresholds above {@code alreadyAlerted} that {@code spent} has reached, ascending. A jump past several
     * at once reports each of them, so every threshold is alerted exactly once per period.
     */
    public static List<Integer> newlyCrossed(BigDecimal spent, BigDecimal limit, int alreadyAlerted) {
        return PERCENTS.stream().filter(p -> p > alreadyAlerted && reached(spent, limit, p)).toList();
    }

    static boolean reached(BigDecimal spent, BigDecimal limit, int percent) {
        return spent.multiply(HUNDRED).compareTo(limit.multiply(BigDecimal.valueOf(percent))) >= 0;
    }

    /**
     * Spent as a percent of the limit with two decimals, rounded down (so it never shows 100.00 before the limit is
     * reached); null without a positive limit.
     */
    public static BigDecimal percent(BigDecimal spent, BigDecimal limit) {
        if (limit == null || limit.signum() <= 0) {
            return null;
        }
        return spent.multiply(HUNDRED).divide(limit, 2, RoundingMode.DOWN);
    }
}
