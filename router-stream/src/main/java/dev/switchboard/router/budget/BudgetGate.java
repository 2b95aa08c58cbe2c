package dev.switchboard.router.budget;

import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.budget.lease.LeaseAsk;
import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.governance.Governance;
import dev.switchboard.router.governance.GovernanceCodes;
import dev.switchboard.schemas.GenerationParams;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.RouteFacts;
import dev.switchboard.schemas.RoutedRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges a routed request against the budgets it counts against (tenant, team, project, key; day and month), using
 * only what this lane holds: it passes when every hard-limited budget's lease covers its worst case (which it then
 * reserves), falls short when some lease does not (the lane asks the ledger), and is refused when the model has no
 * price. Past a soft limit the request goes to the policy's cheaper model instead. Plain: no Kafka in here.
 */
final class BudgetGate {
    /** A lane asks for room for this many requests like the one that lacks it, so the next ones need no round trip. */
    static final int LEASE_REQUESTS = 16;

    private final RouterConfig config;
    private final WorstCaseCost worstCase;
    private final Governance governance;
    private final LeaseBook book;

    BudgetGate(RouterConfig config, WorstCaseCost worstCase, Governance governance, LeaseBook book) {
        this.config = config;
        this.worstCase = worstCase;
        this.governance = governance;
        this.book = book;
    }

    sealed interface Verdict {
    }

    /** Goes on to its model; {@code routed} may be downgraded or capped. */
    record Pass(RoutedRequest routed, BigDecimal worst) implements Verdict {
    }

    /** Some lease does not cover {@code worst}: ask for {@code lacking} (lease key to what it lacks). */
    record Short(RoutedRequest routed, BigDecimal worst, List<ScopedBudget> budgets, Map<ScopedBudget, BigDecimal> lacking) implements Verdict {
    }

    record Refuse(RoutedRequest routed, String code, String message) implements Verdict {
    }

    /** The budgets a request counts against now; empty for a tenant without budgets, which never waits on a ledger. */
    List<ScopedBudget> budgets(RoutedRequest routed, long nowMs) {
        GovernancePolicy policy = governance.policyOf(routed.getRequest().getTenant());
        return ScopedBudget.of(policy, routed.getRequest(), Instant.ofEpochMilli(nowMs));
    }

    /** Judges and, when the request passes, reserves its worst case from this lane's leases. */
    Verdict judge(RoutedRequest routed, List<ScopedBudget> budgets, long nowMs) {
        Verdict verdict = assess(routed, budgets);
        if (verdict instanceof Pass pass) {
            String tenant = pass.routed().getRequest().getTenant();
            book.reserve(tenant, pass.routed().getRequest().getRequestId(), pass.worst(), budgets, nowMs);
        }
        return verdict;
    }

    /** Judges without reserving anything. */
    Verdict assess(RoutedRequest routed, List<ScopedBudget> budgets) {
        String tenant = routed.getRequest().getTenant();
        GovernancePolicy policy = governance.policyOf(tenant);
        routed = withOutputCap(routed, policy.getDefaultMaxTokens());
        Optional<BigDecimal> worst = worstCase.of(routed);
        if (worst.isEmpty()) {
            return new Refuse(routed, GovernanceCodes.UNPRICED_MODEL, "model " + routed.getModel()
                    + " has no known price, so its cost can not be held within the budgets of tenant " + tenant);
        }
        Optional<ScopedBudget> soft = budgets.stream().filter(b -> b.softLimit() != null)
                .filter(b -> book.lease(b, tenant).committed().compareTo(b.softLimit()) >= 0).findFirst();
        if (soft.isPresent()) {
            Optional<RoutedRequest> downgraded = downgrade(routed, policy, soft.get(), worst.get());
            if (downgraded.isPresent()) {
                routed = downgraded.get();
                worst = worstCase.of(routed);
            }
        }
        Map<ScopedBudget, BigDecimal> lacking = new LinkedHashMap<>();
        for (ScopedBudget budget : budgets) {
            if (budget.hardLimit() != null && !lacking.containsKey(budget)) {
                BigDecimal free = book.lease(budget, tenant).free();
                if (free.compareTo(worst.get()) < 0) {
                    lacking.put(budget, worst.get().subtract(free));
                }
            }
        }
        if (!lacking.isEmpty()) {
            return new Short(routed, worst.get(), budgets, lacking);
        }
        return new Pass(routed, worst.get());
    }

    /** The ask for what a short request lacks, each budget once (with the tightest hard limit on its entry). */
    LeaseAsk ask(String lane, long askId, Short shortOf) {
        Map<String, LeaseAsk.Line> lines = new LinkedHashMap<>();
        BigDecimal chunk = shortOf.worst().multiply(BigDecimal.valueOf(LEASE_REQUESTS));
        shortOf.lacking().forEach((budget, lacks) -> lines.merge(budget.ledgerKey(),
                new LeaseAsk.Line(budget.ledgerKey(), budget.periodEndMs(), budget.hardLimit(), lacks, chunk.max(lacks)),
                (a, b) -> a.hardLimit().compareTo(b.hardLimit()) <= 0 ? a : b));
        return new LeaseAsk(lane, askId, shortOf.routed().getRequest().getTenant(), new ArrayList<>(lines.values()));
    }

    /**
     * After the ledger answered: a request still short is refused when some budget could not lend it enough even
     * with everything the ledger had left; otherwise it must ask again (its need differs from the one asked for).
     */
    Optional<Refuse> refusedBy(LeaseGrant grant, Short shortOf) {
        String tenant = shortOf.routed().getRequest().getTenant();
        for (Map.Entry<ScopedBudget, BigDecimal> lacking : shortOf.lacking().entrySet()) {
            ScopedBudget budget = lacking.getKey();
            for (LeaseGrant.Line line : grant.lines()) {
                if (line.ledgerKey().equals(budget.ledgerKey()) && line.available().compareTo(lacking.getValue()) < 0) {
                    BigDecimal heldHere = book.lease(budget, tenant).reserved();
                    return Optional.of(new Refuse(shortOf.routed(), GovernanceCodes.BUDGET_EXCEEDED, budget.describe() + " of "
                            + ScopedBudget.usd(budget.hardLimit()) + " could be passed: spent " + ScopedBudget.usd(line.spent())
                            + ", held for requests in flight " + ScopedBudget.usd(line.lent().max(heldHere))
                            + ", and this request could cost up to " + ScopedBudget.usd(shortOf.worst())));
                }
            }
        }
        return Optional.empty();
    }

    /** A budget needs a bound on output: a request without max_tokens gets the policy's default. */
    private static RoutedRequest withOutputCap(RoutedRequest routed, int defaultMaxTokens) {
        LlmRequest request = routed.getRequest();
        if (request.getParams().getMaxTokens() != null) {
            return routed;
        }
        GenerationParams params = GenerationParams.newBuilder(request.getParams()).setMaxTokens(defaultMaxTokens).build();
        return RoutedRequest.newBuilder(routed).setRequest(LlmRequest.newBuilder(request).setParams(params).build()).build();
    }

    /** To the policy's downgrade model when the tenant may use it and it costs less at worst; no cascade upwards. */
    private Optional<RoutedRequest> downgrade(RoutedRequest routed, GovernancePolicy policy, ScopedBudget soft, BigDecimal worst) {
        String cheaper = policy.getDowngradeModel();
        if (cheaper == null || cheaper.equals(routed.getModel()) || !config.serves(cheaper) || !config.policyOf(routed.getRequest().getTenant()).allows(cheaper)) {
            return Optional.empty();
        }
        List<String> fallbacks = new ArrayList<>(routed.getFallbackModels());
        fallbacks.remove(cheaper);
        RouteFacts route = RouteFacts.newBuilder(routed.getRoute())
                .setReason(routed.getRoute().getReason() + "; " + soft.describe() + " passed its soft limit of "
                        + ScopedBudget.usd(soft.softLimit()) + ": downgraded from " + routed.getModel() + " to " + cheaper)
                .setModelsTried(new ArrayList<>(List.of(cheaper)))
                .build();
        RoutedRequest candidate = RoutedRequest.newBuilder(routed).setModel(cheaper).setRoute(route).setFallbackModels(fallbacks)
                .setEscalateTo(null).setJudgeModel(null).build();
        return worstCase.of(candidate).filter(cost -> cost.compareTo(worst) < 0).map(cost -> candidate);
    }
}
