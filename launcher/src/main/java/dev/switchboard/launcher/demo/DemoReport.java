package dev.switchboard.launcher.demo;

import dev.switchboard.router.dedup.DedupLedger;
import dev.switchboard.router.governance.GovernanceCodes;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.ResponseStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns the demo's answers into the table it prints. Pure: everything it shows is computed from the responses. */
public final class DemoReport {
    private static final java.util.Set<String> GOVERNANCE_CODES = java.util.Set.of(GovernanceCodes.MISSING_KEY, GovernanceCodes.INVALID_KEY,
            GovernanceCodes.KEY_TENANT_MISMATCH,
            GovernanceCodes.KEY_REVOKED, GovernanceCodes.KEY_EXPIRED, GovernanceCodes.KEY_SCOPE, GovernanceCodes.RATE_LIMITED,
            GovernanceCodes.TOKEN_CAP, GovernanceCodes.SESSION_TOKEN_CAP, GovernanceCodes.BUDGET_EXCEEDED, GovernanceCodes.UNPRICED_MODEL);
    private final int published;
    private final List<LlmResponse> responses;
    private final Duration elapsed;
    private final Map<String, BigDecimal> aggregatedCostByTenant;

    public DemoReport(int published, List<LlmResponse> responses, Duration elapsed, Map<String, BigDecimal> aggregatedCostByTenant) {
        this.published = published;
        this.responses = responses;
        this.elapsed = elapsed;
        this.aggregatedCostByTenant = aggregatedCostByTenant;
    }

    public List<LlmResponse> responses() {
        return responses;
    }

    public Map<String, BigDecimal> aggregatedCostByTenant() {
        return aggregatedCostByTenant;
    }

    /** Answers to distinct requests: a resent request id's replay repeats an answer already counted. */
    public List<LlmResponse> firstAnswers() {
        return responses.stream().filter(r -> !r.getMetadata().containsKey(DedupLedger.REPLAY_FLAG)).toList();
    }

    /** Every published record was answered, and the aggregator agrees with the answers to the last digit. */
    public boolean complete() {
        return responses.size() >= published && budgetBurst().settled().compareTo(budgetBurst().budget()) <= 0 && costByTenant().entrySet().stream()
                .allMatch(e -> e.getValue().compareTo(aggregatedCostByTenant.getOrDefault(e.getKey(), Money.ZERO)) == 0);
    }

    public Map<ResponseStatus, Long> byStatus() {
        Map<ResponseStatus, Long> counts = new EnumMap<>(ResponseStatus.class);
        for (ResponseStatus s : ResponseStatus.values()) {
            counts.put(s, 0L);
        }
        responses.forEach(r -> counts.merge(r.getStatus(), 1L, Long::sum));
        return counts;
    }

    public Map<String, Long> byModel() {
        return firstAnswers().stream().filter(r -> r.getStatus() == ResponseStatus.OK)
                .collect(Collectors.groupingBy(r -> r.getModel() + (isCacheHit(r) ? " (from cache)" : ""), TreeMap::new, Collectors.counting()));
    }

    public long cacheHits() {
        return firstAnswers().stream().filter(DemoReport::isCacheHit).count();
    }

    public BigDecimal totalCost() {
        return sum(LlmResponse::getCost);
    }

    public BigDecimal baselineCost() {
        return sum(LlmResponse::getBaselineCost);
    }

    public Map<String, BigDecimal> costByTenant() {
        Map<String, BigDecimal> byTenant = new TreeMap<>();
        firstAnswers().forEach(r -> byTenant.merge(r.getTenant(), r.getCost(), BigDecimal::add));
        return byTenant;
    }

    /** Requests refused by keys, limits, caps or budgets, by reason. */
    public Map<String, Long> governanceRefusals() {
        return firstAnswers().stream().filter(r -> r.getStatus() == ResponseStatus.REJECTED && GOVERNANCE_CODES.contains(r.getError().getCode()))
                .collect(Collectors.groupingBy(r -> r.getError().getCode(), TreeMap::new, Collectors.counting()));
    }

    /** The burst against one team's daily budget: what got through, what was refused, and what it cost. */
    public record BudgetBurst(long requests, long accepted, long refused, BigDecimal settled, BigDecimal budget) {
    }

    public BudgetBurst budgetBurst() {
        List<LlmResponse> burst = firstAnswers().stream().filter(r -> r.getRequestId().startsWith(DemoWorkload.BUDGET_BURST_PREFIX)).toList();
        long refused = burst.stream().filter(r -> r.getStatus() == ResponseStatus.REJECTED && r.getError().getCode().equals(GovernanceCodes.BUDGET_EXCEEDED)).count();
        BigDecimal settled = burst.stream().map(LlmResponse::getCost).reduce(Money.ZERO, BigDecimal::add);
        return new BudgetBurst(burst.size(), burst.stream().filter(r -> r.getStatus() == ResponseStatus.OK).count(), refused, settled,
                DemoGovernance.TEAM_DAILY_BUDGET);
    }

    public long latencyPercentile(double p) {
        return percentile(p, r -> r.getLatency().getTotalMs());
    }

    /** Queue and end-to-end p50 / p99 of provider answers, per tier the answer was routed on. */
    public record TierLatency(long answers, long queueP50, long queueP99, long totalP50, long totalP99) {
    }

    public Map<String, TierLatency> latencyByTier() {
        Map<String, List<LlmResponse>> byTier = providerAnswers().stream()
                .collect(Collectors.groupingBy(r -> r.getRoute().getTier() == null ? "unknown" : r.getRoute().getTier(), TreeMap::new, Collectors.toList()));
        Map<String, TierLatency> latency = new TreeMap<>();
        byTier.forEach((tier, answers) -> latency.put(tier, new TierLatency(answers.size(),
                percentile(answers, 50, r -> r.getLatency().getQueueMs()), percentile(answers, 99, r -> r.getLatency().getQueueMs()),
                percentile(answers, 50, r -> r.getLatency().getTotalMs()), percentile(answers, 99, r -> r.getLatency().getTotalMs()))));
        return latency;
    }

    /** Provider answers only: cache hits and refusals would flatter latency figures. */
    private List<LlmResponse> providerAnswers() {
        return firstAnswers().stream().filter(r -> r.getStatus() == ResponseStatus.OK && !isCacheHit(r)).toList();
    }

    private long percentile(double p, Function<LlmResponse, Long> metric) {
        return percentile(providerAnswers(), p, metric);
    }

    private static long percentile(List<LlmResponse> answers, double p, Function<LlmResponse, Long> metric) {
        List<Long> totals = new ArrayList<>(answers.stream().map(metric).toList());
        if (totals.isEmpty()) {
            return 0;
        }
        Collections.sort(totals);
        int index = (int) Math.ceil(p / 100.0 * totals.size()) - 1;
        return totals.get(Math.max(0, Math.min(index, totals.size() - 1)));
    }

    private static boolean isCacheHit(LlmResponse r) {
        return r.getCache().getOutcome() == CacheOutcome.EXACT || r.getCache().getOutcome() == CacheOutcome.SEMANTIC
                || r.getCache().getOutcome() == CacheOutcome.COALESCED;
    }

    private BigDecimal sum(Function<LlmResponse, BigDecimal> amount) {
        return firstAnswers().stream().map(amount).reduce(Money.ZERO, BigDecimal::add);
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        boolean simulated = responses.stream().anyMatch(LlmResponse::getSimulated);
        out.append(String.format(Locale.ROOT, "%nSwitchboard demo: %d records published, %d answers in %.1f s%s%n",
                published, responses.size(), elapsed.toMillis() / 1000.0,
                simulated ? " (provider: SIMULATED, answers are not from a real model)" : ""));
        row(out, "requests", Integer.toString(published));
        row(out, "answered", responses.size() + " / " + published);
        row(out, "by status", byStatus().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("   ")));
        row(out, "replayed (resent ids)", Long.toString(responses.size() - firstAnswers().size()));
        Map<CacheOutcome, Long> outcomes = firstAnswers().stream().filter(DemoReport::isCacheHit)
                .collect(Collectors.groupingBy(r -> r.getCache().getOutcome(), () -> new EnumMap<>(CacheOutcome.class), Collectors.counting()));
        row(out, "cache hits", cacheHits() + outcomes.entrySet().stream().map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue())
                .collect(Collectors.joining(", ", " (", ")")));
        byModel().forEach((model, n) -> row(out, "  model " + model, Long.toString(n)));
        BigDecimal cost = totalCost();
        BigDecimal baseline = baselineCost();
        row(out, "total cost (USD)", cost.toPlainString());
        row(out, "all-baseline cost", baseline.toPlainString());
        if (baseline.signum() > 0) {
            BigDecimal saved = BigDecimal.ONE.subtract(cost.divide(baseline, 6, RoundingMode.HALF_EVEN)).movePointRight(2);
            row(out, "saved", saved.setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " %");
        }
        row(out, "latency p50 / p99", latencyPercentile(50) + " ms / " + latencyPercentile(99) + " ms (provider answers, submit to answer)");
        row(out, "  of which queued p50 / p99", percentile(50, r -> r.getLatency().getQueueMs()) + " ms / "
                + percentile(99, r -> r.getLatency().getQueueMs()) + " ms (submit to provider call)");
        row(out, "  of which provider p50 / p99", percentile(50, r -> r.getLatency().getProviderMs()) + " ms / "
                + percentile(99, r -> r.getLatency().getProviderMs()) + " ms");
        latencyByTier().forEach((tier, l) -> row(out, "  tier " + tier, String.format(Locale.ROOT,
                "queue p50 / p99 %d / %d ms   end-to-end p50 / p99 %d / %d ms   (%d answers)", l.queueP50(), l.queueP99(), l.totalP50(), l.totalP99(), l.answers())));
        row(out, "refused by governance", governanceRefusals().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("   ")));
        BudgetBurst burst = budgetBurst();
        row(out, "budget burst", burst.requests() + " requests of " + DemoGovernance.BUDGET_TENANT + "/" + DemoGovernance.BUDGET_TEAM + " at once: "
                + burst.accepted() + " answered, " + burst.refused() + " refused budget_exceeded");
        row(out, "  settled / daily budget", burst.settled().toPlainString() + " / " + burst.budget().toPlainString() + " USD"
                + (burst.settled().compareTo(burst.budget()) <= 0 ? " (held)" : " (OVERSPENT)"));
        costByTenant().forEach((tenant, sum) -> row(out, "  tenant " + tenant,
                "answers " + sum.toPlainString() + "   aggregator " + aggregatedCostByTenant.getOrDefault(tenant, Money.ZERO).toPlainString()));
        return out.toString();
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "  %-26s %s%n", label, value));
    }
}
