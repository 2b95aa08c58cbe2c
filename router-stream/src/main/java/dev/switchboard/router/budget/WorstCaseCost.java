package dev.switchboard.router.budget;

import dev.switchboard.catalog.Cost;
import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.router.governance.TokenEstimate;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.RoutedRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The most a routed request can cost: the prompt at its token bound and max_tokens of output, on the priciest of the
 * model and its fallbacks (only one of them answers), plus, for a cascade, the judge's question and the stronger
 * model's call. Priced at standard rates, which batch rates never exceed. Empty when a model has no known price.
 */
public final class WorstCaseCost {
    /** The judge is asked the question and the cheap answer with fixed instructions, and answers in a few words. */
    private static final long JUDGE_OVERHEAD_TOKENS = 512;
    private static final long JUDGE_OUTPUT_TOKENS = 32;
    /** An answer of n tokens, sent back as a prompt, is counted at most this many times n (a different tokenizer may split it finer). */
    private static final long RETOKENIZE_FACTOR = 2;

    private final CostCalculator costs;

    public WorstCaseCost(ModelCatalog catalog) {
        this.costs = new CostCalculator(catalog);
    }

    public Optional<BigDecimal> of(RoutedRequest routed) {
        LlmRequest request = routed.getRequest();
        long prompt = TokenEstimate.mostPrompt(request);
        long output = request.getParams().getMaxTokens();
        List<String> answering = new ArrayList<>(routed.getFallbackModels());
        answering.add(routed.getModel());
        BigDecimal worst = BigDecimal.ZERO;
        for (String model : answering) {
            Optional<BigDecimal> cost = price(model, prompt, output);
            if (cost.isEmpty()) {
                return Optional.empty();
            }
            worst = worst.max(cost.get());
        }
        if (routed.getEscalateTo() != null) {
            Optional<BigDecimal> stronger = price(routed.getEscalateTo(), prompt, output);
            if (stronger.isEmpty()) {
                return Optional.empty();
            }
            worst = worst.add(stronger.get());
            if (routed.getJudgeModel() != null) {
                long question = TokenEstimate.mostPrompt(lastTurnOnly(request));
                Optional<BigDecimal> judge = price(routed.getJudgeModel(), question + output * RETOKENIZE_FACTOR + JUDGE_OVERHEAD_TOKENS, JUDGE_OUTPUT_TOKENS);
                if (judge.isEmpty()) {
                    return Optional.empty();
                }
                worst = worst.add(judge.get());
            }
        }
        return Optional.of(worst);
    }

    private Optional<BigDecimal> price(String model, long prompt, long output) {
        Cost cost = costs.cost(model, prompt, 0, output, false);
        return cost.priceKnown() ? Optional.of(cost.amount()) : Optional.empty();
    }

    private static LlmRequest lastTurnOnly(LlmRequest request) {
        return LlmRequest.newBuilder(request).setMessages(List.of(request.getMessages().get(request.getMessages().size() - 1))).build();
    }
}
