package dev.switchboard.router.route;

import dev.switchboard.schemas.Tier;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a tenant's requests choose a model.
 *
 * @param strategy         {@code static}: the requested model or the default; {@code cost}: the cheapest candidate
 *                         whose quality for the request's task type meets {@code qualityBar}; {@code complexity}: the
 *                         learned router sends the hardest {@code strongShare} of prompts to the last candidate, the
 *                         rest to the first
 * @param candidates       models the strategy may pick, cheapest first
 * @param codeModel        domain rule: code questions go here (null: no rule)
 * @param longContextModel domain rule: prompts longer than the chosen model's context window go here (null: no rule)
 * @param cascade          try the chosen model and, if its answer fails the check, the next stronger candidate
 * @param multimodalModel  domain rule: requests with images go here (null: no rule)
 * @param maxCostPerRequest the cost strategy only picks candidates whose estimated cost stays within this (null: any)
 * @param defaultTier      the tier of requests that do not choose one (null: standard)
 * @param judgeModel       cascade: a model asked whether the cheap answer is good enough (null: checks only)
 */
public record RoutingRules(Strategy strategy, List<String> candidates, double qualityBar, double strongShare, String codeModel,
                           String longContextModel, boolean cascade, String multimodalModel, BigDecimal maxCostPerRequest,
                           Tier defaultTier, String judgeModel) {
    public enum Strategy {
        STATIC, COST, COMPLEXITY;

        public static Strategy parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    public RoutingRules {
        Objects.requireNonNull(strategy, "strategy");
        candidates = List.copyOf(candidates == null ? List.of() : candidates);
        if (strategy != Strategy.STATIC && candidates.size() < (strategy == Strategy.COMPLEXITY ? 2 : 1)) {
            throw new IllegalArgumentException("routing strategy " + strategy + " needs candidates (complexity: a weak and a strong one)");
        }
        if (qualityBar < 0 || qualityBar > 1 || strongShare < 0 || strongShare > 1) {
            throw new IllegalArgumentException("qualityBar and strongShare are within [0, 1]");
        }
    }

    /** The shape most callers need: no multimodal rule, no cost cap, no default tier. */
    public RoutingRules(Strategy strategy, List<String> candidates, double qualityBar, double strongShare, String codeModel,
                        String longContextModel, boolean cascade) {
        this(strategy, candidates, qualityBar, strongShare, codeModel, longContextModel, cascade, null, null, null, null);
    }

    public static RoutingRules staticRouting() {
        return new RoutingRules(Strategy.STATIC, List.of(), 0, 0.5, null, null, false);
    }

    /** The next stronger candidate than {@code model}, for a cascade; null when there is none. */
    public String strongerThan(String model) {
        int index = candidates.indexOf(model);
        if (index >= 0) {
            return index + 1 < candidates.size() ? candidates.get(index + 1) : null;
        }
        return candidates.isEmpty() ? null : candidates.get(candidates.size() - 1);
    }
}
