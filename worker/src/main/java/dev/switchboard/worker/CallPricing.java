package dev.switchboard.worker;

import dev.switchboard.catalog.Cost;
import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Usage;
import dev.switchboard.worker.provider.ProviderResult;
import java.math.BigDecimal;

/** Prices a call's tokens from the catalog: a batch-tier call at the model's batch rates. */
final class CallPricing {
    private final CostCalculator costs;

    CallPricing(CostCalculator costs) {
        this.costs = costs;
    }

    static Usage tokens(ProviderResult.Success success) {
        return new Usage(success.promptTokens(), success.completionTokens(), success.cachedPromptTokens(), success.reasoningTokens());
    }

    /** The baseline is priced on the same token counts: what the tenant's usual model would have billed for them. */
    Cost price(String model, Usage usage, Tier tier) {
        return costs.cost(model, usage.getInputTokens(), usage.getCachedInputTokens(), usage.getOutputTokens(), tier == Tier.BATCH);
    }

    /** What one successful call of {@code model} cost, whether or not its price is known. */
    BigDecimal callCost(String model, ProviderResult.Success success, Tier tier) {
        return price(model, tokens(success), tier).amount();
    }

    /** A batch call's discount: the same tokens at the model's standard rates minus what the call cost. */
    BigDecimal batchDiscount(String model, Usage usage, Tier tier, Cost cost) {
        if (tier != Tier.BATCH) {
            return Money.ZERO;
        }
        return Money.of(price(model, usage, Tier.STANDARD).amount().subtract(cost.amount()));
    }
}
