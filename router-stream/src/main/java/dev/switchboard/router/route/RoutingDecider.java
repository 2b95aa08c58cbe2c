package dev.switchboard.router.route;

import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.catalog.ModelInfo;
import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.intake.RequestValidator;
import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.LlmRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the model of a request. A request that names a model gets it when the tenant may use it; {@code auto}
 * follows the tenant's strategy (static default, cheapest model good enough for the task, or the learned complexity
 * router), then the domain rules (code to a coding model, over-long prompts to a long-context model), and a cascade
 * names the stronger model to escalate to. Pure: no Kafka, no clock.
 */
public final class RoutingDecider {
    /** Output assumed for pricing when a request sets no max_tokens. */
    private static final int OUTPUT_ESTIMATE = 256;
    private static final int CHARS_PER_TOKEN = 4;

    private final RouterConfig config;
    private final ModelCatalog catalog;
    private final CostCalculator costs;
    private final Optional<ComplexityScorer> scorer;
    private final StaticRoutingPolicy staticPolicy = new StaticRoutingPolicy();

    public RoutingDecider(RouterConfig config, ModelCatalog catalog, Optional<ComplexityScorer> scorer) {
        this.config = config;
        this.catalog = catalog;
        this.costs = new CostCalculator(catalog);
        this.scorer = scorer;
    }

    /** The request's tier when the caller chose one, else the tenant's default tier. */
    public static dev.switchboard.schemas.Tier tier(LlmRequest request, TenantPolicy policy) {
        return tier(request.getTier(), request.getTierExplicit(), policy);
    }

    /** The one tier rule, also applied by the triage to the tier it reads without decoding the request. */
    public static dev.switchboard.schemas.Tier tier(dev.switchboard.schemas.Tier requested, boolean explicit, TenantPolicy policy) {
        return explicit || policy.routing().defaultTier() == null ? requested : policy.routing().defaultTier();
    }

    public RouteDecision decide(LlmRequest request, TenantPolicy policy) {
        return decide(request, policy, null);
    }

    /** @param finalTurnVector the final turn's embedding if already computed (null otherwise), for the complexity scorer */
    public RouteDecision decide(LlmRequest request, TenantPolicy policy, float[] finalTurnVector) {
        if (!request.getModel().equals(RequestValidator.AUTO)) {
            return staticPolicy.decide(request, policy);
        }
        RoutingRules rules = policy.routing();
        String prompt = finalTurn(request);
        long promptTokens = promptChars(request) / CHARS_PER_TOKEN;
        TaskType task = TaskType.of(prompt);
        List<String> candidates = rules.candidates().stream().filter(m -> policy.allows(m) && config.serves(m)).toList();
        RouteDecision decision = switch (rules.strategy()) {
            case STATIC -> staticPolicy.decide(request, policy);
            case COST -> cheapestGoodEnough(request, candidates, rules, task, promptTokens).orElse(staticPolicy.decide(request, policy));
            case COMPLEXITY -> byComplexity(prompt, finalTurnVector, candidates, rules).orElse(staticPolicy.decide(request, policy));
        };
        decision = domainRules(decision, rules, policy, task, promptTokens, hasImages(request));
        String stronger = rules.cascade() ? rules.strongerThan(decision.model()) : null;
        // A key limited to some models narrows the policy: the cascade must not step outside it either.
        return stronger != null && usable(stronger, policy) ? decision.withEscalation(stronger) : decision;
    }

    private Optional<RouteDecision> cheapestGoodEnough(LlmRequest request, List<String> candidates, RoutingRules rules, TaskType task, long promptTokens) {
        int output = request.getParams().getMaxTokens() != null ? request.getParams().getMaxTokens() : OUTPUT_ESTIMATE;
        Map<String, java.math.BigDecimal> estimate = new java.util.HashMap<>();
        candidates.forEach(m -> estimate.put(m, costs.cost(m, promptTokens, 0, output, false).amount()));
        List<String> fitting = candidates.stream().filter(m -> fits(m, promptTokens))
                .filter(m -> rules.maxCostPerRequest() == null || estimate.get(m).compareTo(rules.maxCostPerRequest()) <= 0)
                .toList();
        Optional<String> cheapest = fitting.stream()
                .filter(m -> quality(m, task) >= rules.qualityBar())
                .min(Comparator.comparing(estimate::get));
        if (cheapest.isPresent()) {
            return Optional.of(new RouteDecision(cheapest.get(), "cost", "cheapest model with " + task.key() + " quality >= " + rules.qualityBar()
                    + (rules.maxCostPerRequest() == null ? "" : " within " + rules.maxCostPerRequest().toPlainString() + " USD")));
        }
        return fitting.stream().max(Comparator.comparingDouble(m -> quality(m, task)))
                .map(best -> new RouteDecision(best, "cost", "no model reaches " + task.key() + " quality " + rules.qualityBar() + "; the best one"));
    }

    private Optional<RouteDecision> byComplexity(String prompt, float[] embedding, List<String> candidates, RoutingRules rules) {
        if (scorer.isEmpty() || candidates.size() < 2) {
            return Optional.empty();
        }
        double need = scorer.get().strongNeed(prompt, embedding);
        double threshold = scorer.get().thresholdForStrongShare(rules.strongShare());
        boolean strong = need >= threshold;
        String model = strong ? candidates.get(candidates.size() - 1) : candidates.get(0);
        return Optional.of(new RouteDecision(model, "complexity", String.format(java.util.Locale.ROOT,
                "strong-need %.3f %s threshold %.3f (strong share %.2f)", need, strong ? ">=" : "<", threshold, rules.strongShare())));
    }

    private RouteDecision domainRules(RouteDecision decision, RoutingRules rules, TenantPolicy policy, TaskType task, long promptTokens,
                                      boolean images) {
        if (rules.multimodalModel() != null && images && usable(rules.multimodalModel(), policy)) {
            decision = decision.overriddenBy(rules.multimodalModel(), "image content: multimodal model");
        }
        if (rules.codeModel() != null && task == TaskType.CODE && usable(rules.codeModel(), policy) && !decision.model().equals(rules.codeModel())) {
            decision = decision.overriddenBy(rules.codeModel(), "code question: coding model");
        }
        if (rules.longContextModel() != null && !fits(decision.model(), promptTokens) && usable(rules.longContextModel(), policy)) {
            decision = decision.overriddenBy(rules.longContextModel(), "prompt of about " + promptTokens + " tokens exceeds "
                    + decision.model() + "'s context window: long-context model");
        }
        return decision;
    }

    private static boolean hasImages(LlmRequest request) {
        return request.getMessages().stream().anyMatch(m -> !m.getImages().isEmpty());
    }

    private boolean usable(String model, TenantPolicy policy) {
        return policy.allows(model) && config.serves(model);
    }

    private boolean fits(String model, long promptTokens) {
        return catalog.find(model).map(ModelInfo::maxInputTokens).map(max -> max <= 0 || promptTokens <= max).orElse(true);
    }

    private double quality(String model, TaskType task) {
        Map<String, Double> byTask = config.modelQuality().getOrDefault(model, Map.of());
        return byTask.getOrDefault(task.key(), byTask.getOrDefault(TaskType.GENERAL.key(), 0.0));
    }

    private static String finalTurn(LlmRequest request) {
        List<ChatMessage> messages = request.getMessages();
        return messages.get(messages.size() - 1).getContent();
    }

    private static long promptChars(LlmRequest request) {
        return request.getMessages().stream().mapToLong(m -> m.getContent().length()).sum();
    }
}
