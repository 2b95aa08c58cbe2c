package dev.switchboard.cost;

import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.UsageEvent;
import java.math.BigDecimal;

/**
 * What one usage event saved, split by who made the saving, each exact:
 * <ul>
 *   <li>{@code routing}: baseline cost minus cost of a provider call to a model Switchboard chose (the caller sent
 *       {@code auto}, or got another model than it named: a substitution, a fallback, a cascade or its judge);</li>
 *   <li>{@code baseline}: the same difference for a call to the model the caller named. Cheaper than the baseline,
 *       but the caller's choice, not a routing decision;</li>
 *   <li>{@code cache}: what a cached answer cost when it was made (no call);</li>
 *   <li>{@code batch}: a batch-tier call's discount against the model's standard rates.</li>
 * </ul>
 * A call whose event does not say what the caller asked for (a producer older than {@code requested_model}) counts
 * against the baseline: routing is only credited where the event shows Switchboard chose. Both baseline splits are
 * priced at the rates the call paid (batch rates for a batch call), so the batch discount is not counted twice.
 */
record Savings(BigDecimal routing, BigDecimal baseline, BigDecimal cache, BigDecimal batch) {
    static final String AUTO = "auto";
    static final Savings NONE = new Savings(Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO);

    static Savings of(UsageEvent usage) {
        if (usage.getCacheOutcome() != null) {
            return new Savings(Money.ZERO, Money.ZERO, orZero(usage.getCostSaved()), Money.ZERO);
        }
        BigDecimal againstBaseline = CostSum.minus(usage.getBaselineCost(), usage.getCost());
        BigDecimal batch = orZero(usage.getBatchSaved());
        return switchboardChose(usage)
                ? new Savings(againstBaseline, Money.ZERO, Money.ZERO, batch)
                : new Savings(Money.ZERO, againstBaseline, Money.ZERO, batch);
    }

    /** True when the event shows the model was Switchboard's choice rather than the caller's. */
    static boolean switchboardChose(UsageEvent usage) {
        String requested = usage.getRequestedModel();
        return requested != null && (requested.equals(AUTO) || !requested.equals(usage.getModel()));
    }

    /** All four added up. */
    BigDecimal total() {
        return CostSum.plus(CostSum.plus(routing, baseline), CostSum.plus(cache, batch));
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? Money.ZERO : Money.of(value);
    }
}
