package dev.switchboard.catalog;

import dev.switchboard.schemas.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices one request from its token counts, exactly, in BigDecimal.
 *
 * <p>Rules, chosen so a bill can be checked by hand against the provider's published prices:
 * <ul>
 *   <li>{@code promptTokens} includes {@code cachedPromptTokens}, as OpenAI/Anthropic/Gemini report usage.
 *       Cached tokens are charged at the cached rate (input rate if the model has none), and only
 *       {@code prompt - cached} at the input rate: a token is never billed twice.</li>
 *   <li>Batch requests use the batch rates when the model has them. The table has no long-context
 *       batch rates, so batch takes precedence over the 200k tier.</li>
 *   <li>Otherwise, when the prompt exceeds 200,000 tokens and the model has an above-200k tier, that
 *       tier prices the whole request (as Anthropic and Google bill it), not just the excess.</li>
 *   <li>An unknown model yields {@link Cost#unknown()}, never a silent zero.</li>
 * </ul>
 */
public final class CostCalculator {

    /** Providers switch to long-context pricing strictly above this prompt size. */
    static final long LONG_CONTEXT_THRESHOLD = 200_000L;

    private final ModelCatalog catalog;

    public CostCalculator(ModelCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    public Cost cost(String model, long promptTokens, long cachedPromptTokens, long completionTokens, boolean batch) {
        if (promptTokens < 0 || cachedPromptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
        if (cachedPromptTokens > promptTokens) {
            throw new IllegalArgumentException("cachedPromptTokens (" + cachedPromptTokens
                    + ") must not exceed promptTokens (" + promptTokens + "), which include them");
        }
        Optional<ModelInfo> info = catalog.find(model);
        if (info.isEmpty()) {
            return Cost.unknown();
        }
        Prices p = info.get().prices();
        BigDecimal input;
        BigDecimal output;
        BigDecimal cached;
        if (batch && p.hasBatchRates()) {
            input = p.inputBatches();
            output = p.outputBatches();
            // The table has no cached batch rate; never charge a cached token more than an uncached one.
            cached = p.cachedInputPerToken() == null ? input : p.cachedInputPerToken().min(input);
        } else if (promptTokens > LONG_CONTEXT_THRESHOLD && p.hasAbove200kTier()) {
            input = p.inputAbove200k();
            output = orElse(p.outputAbove200k(), p.outputPerToken());
            // Within the tier, fall back to the tier's input rate (not the cheaper base cached rate).
            cached = orElse(p.cachedInputAbove200k(), input);
        } else {
            input = p.inputPerToken();
            output = p.outputPerToken();
            cached = orElse(p.cachedInputPerToken(), input);
        }
        BigDecimal amount = cached.multiply(BigDecimal.valueOf(cachedPromptTokens))
                .add(input.multiply(BigDecimal.valueOf(promptTokens - cachedPromptTokens)))
                .add(output.multiply(BigDecimal.valueOf(completionTokens)));
        return new Cost(toWireScale(amount), true);
    }

    /**
     * Token count times a table price is exact, and for almost all of the table has at most 12 decimals,
     * so this is normally a plain rescale. A few LiteLLM entries carry float artifacts (databricks claude:
     * {@code 2.9999900000000002e-06}), whose products the wire format (decimal(24,12)) cannot hold. HALF_EVEN
     * rounds those to the nearest 1e-12 USD without the one-way drift that always-up or always-down
     * rounding would accumulate over millions of summed requests; the error is below 1e-12 USD a request.
     */
    static BigDecimal toWireScale(BigDecimal exact) {
        return exact.setScale(Money.SCALE, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal orElse(BigDecimal value, BigDecimal fallback) {
        return value != null ? value : fallback;
    }
}
