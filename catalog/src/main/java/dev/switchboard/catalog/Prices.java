package dev.switchboard.catalog;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * USD per token, exactly as written in the price table (parsed from JSON text, never via double).
 * Input and output are required; every other rate is null when the model has none.
 */
public record Prices(
        BigDecimal inputPerToken,
        BigDecimal outputPerToken,
        BigDecimal cachedInputPerToken,
        BigDecimal inputAbove200k,
        BigDecimal outputAbove200k,
        BigDecimal cachedInputAbove200k,
        BigDecimal inputBatches,
        BigDecimal outputBatches) {

    public Prices {
        Objects.requireNonNull(inputPerToken, "inputPerToken");
        Objects.requireNonNull(outputPerToken, "outputPerToken");
    }

    /** True when the table has a long-context (prompt &gt; 200k tokens) input rate. */
    public boolean hasAbove200kTier() {
        return inputAbove200k != null;
    }

    /** True when the table has batch-API rates for both directions. */
    public boolean hasBatchRates() {
        return inputBatches != null && outputBatches != null;
    }
}
